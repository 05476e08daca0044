import { createServer, type IncomingMessage, type Server } from "node:http";
import { gunzipSync } from "node:zlib";

/** One PutMetricData request as CloudWatch received it. */
export interface CapturedPutMetricData {
  /** The HTTP status the fake answered with. */
  status: number;
  namespace: string;
  data: Array<{ MetricName: string; Dimensions?: Array<{ Name: string; Value: string }>; Value?: number; Unit?: string; Timestamp?: number }>;
}

export interface FakeCloudWatch {
  url: string;
  /** Every PutMetricData received, oldest first (answered 500 ones included). */
  requests: CapturedPutMetricData[];
  /** Answer every request with this status from now on (200 or a 5xx). */
  answerWith(status: number): void;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  // The SDK gzips PutMetricData bodies of 10 KB and more (request compression).
  return request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
}

/**
 * A loopback server that plays CloudWatch's PutMetricData. @aws-sdk/client-cloudwatch 3.1164
 * speaks the AWS JSON 1.0 protocol to it (query-compatible): a POST to `/` with
 * `X-Amz-Target: GraniteServiceVersion20100801.PutMetricData` and a JSON body whose field names
 * are the API's (Namespace, MetricData[].MetricName, Dimensions, Value, Unit; Timestamp in
 * epoch seconds). A 500 carries a JSON error as CloudWatch's would.
 */
export async function startFakeCloudWatch(): Promise<FakeCloudWatch> {
  const requests: CapturedPutMetricData[] = [];
  let status = 200;
  const server: Server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const target = request.headers["x-amz-target"];
      if (request.method !== "POST" || target !== "GraniteServiceVersion20100801.PutMetricData") {
        response.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
        response.end(JSON.stringify({ __type: "com.amazonaws.cloudwatch#InvalidAction", message: `unexpected ${request.method} ${String(target)}` }));
        return;
      }
      const parsed = JSON.parse(body.toString("utf8")) as { Namespace: string; MetricData: CapturedPutMetricData["data"] };
      requests.push({ status, namespace: parsed.Namespace, data: parsed.MetricData });
      response.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
      response.end(status === 200 ? "{}" : JSON.stringify({ __type: "com.amazonaws.cloudwatch#InternalServiceFault", message: "fake outage" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answerWith(next) {
      status = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
