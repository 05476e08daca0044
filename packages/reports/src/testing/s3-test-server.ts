// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- s3rver ships no types; other packages compiling this file need the declaration too.
/// <reference path="./s3rver.d.ts" />
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { createS3ReportStore, type S3ReportStore } from "../s3-report-store";

/** A real S3-compatible server (s3rver) on 127.0.0.1, a random port, with one empty bucket. */
export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** s3rver accepts any credentials; these are what the clients sign with. */
  accessKeyId: string;
  secretAccessKey: string;
  store: S3ReportStore;
  listKeys(prefix?: string): Promise<string[]>;
  getText(key: string): Promise<string>;
  lastModified(key: string): Promise<Date | undefined>;
  close(): Promise<void>;
}

export async function startS3TestServer(bucket = "recon-reports"): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), "recon-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const store = createS3ReportStore({ bucket, endpoint, ...credentials });
  return {
    endpoint,
    bucket,
    ...credentials,
    store,
    async listKeys(prefix = "") {
      const out = await store.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (out.Contents ?? []).map((item) => item.Key!).sort();
    },
    async getText(key) {
      const out = await store.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body!.transformToString("utf8");
    },
    async lastModified(key) {
      return (await store.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).LastModified;
    },
    async close() {
      store.client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
