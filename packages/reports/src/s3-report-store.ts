import { createHash } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { parseRunDate } from "@recon/domain";
import type { ReportFile, ReportKind } from "./render-report-files";
import { assertSafeProcessorName } from "./report-file-names";

/** Where and how to reach the report bucket. */
export interface S3ReportStoreOptions {
  bucket: string;
  /** An S3-compatible endpoint (MinIO, s3rver); path-style addressing is used when set. Default: AWS. */
  endpoint?: string | undefined;
  /** Default "us-east-1". */
  region?: string | undefined;
  /** Both or neither; neither means the AWS SDK's default credential chain. */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

/** How long the link in a notification works: 24 hours, as the legacy emails promised. */
export const PRESIGNED_URL_TTL_SECONDS = 24 * 60 * 60;

export interface S3ReportStore {
  bucket: string;
  client: S3Client;
}

export function createS3ReportStore(options: S3ReportStoreOptions): S3ReportStore {
  if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
    throw new Error(
      "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, for the AWS default chain)",
    );
  }
  const client = new S3Client({
    region: options.region ?? "us-east-1",
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
    // S3-compatible stores often reject the SDK's newer default flexible checksums (aws-chunked
    // trailers); send them only where an operation requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return { bucket: options.bucket, client };
}

/**
 * `reports/<date>/<processor>/`: one folder per run date, then per processor, as the old tool
 * stored them (docs/legacy-contract.md). A sandbox run's reports go under `sandbox/reports/...` instead, so generated
 * reports never overwrite, or sit among, the real ones of the same day.
 */
export function reportKeyPrefix(processor: string, runDate: string, options: { sandbox?: boolean } = {}): string {
  return `${options.sandbox ? "sandbox/" : ""}reports/${parseRunDate(runDate)}/${assertSafeProcessorName(processor)}/`;
}

/**
 * Uploads every file under `reports/<date>/<processor>/<name>` (a sandbox run's under
 * `sandbox/reports/...`) (putReportObject). Keys are a
 * function of (processor, date, kind) only, so a retry or a re-run overwrites the same objects
 * and never adds new ones. Returns the key of each file.
 */
export async function uploadReportFiles(
  store: S3ReportStore,
  processor: string,
  runDate: string,
  files: readonly ReportFile[],
  options: { sandbox?: boolean } = {},
): Promise<Record<ReportKind, string>> {
  const prefix = reportKeyPrefix(processor, runDate, options);
  const keys = {} as Record<ReportKind, string>;
  for (const file of files) {
    const key = `${prefix}${file.name}`;
    await putReportObject(store, key, file.body, file.contentType);
    keys[file.kind] = key;
  }
  return keys;
}

/**
 * Puts one object the way every report object is put: SSE-S3 (AES256), and with its Content-MD5,
 * which a bucket with S3 Object Lock default retention requires of every upload (the client
 * computes no checksum by itself, see createS3ReportStore).
 */
export async function putReportObject(store: S3ReportStore, key: string, body: string, contentType: string): Promise<void> {
  await store.client.send(
    new PutObjectCommand({
      Bucket: store.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ContentMD5: createHash("md5").update(body, "utf8").digest("base64"),
      ServerSideEncryption: "AES256",
    }),
  );
}

/** `s3://bucket/key`, how the run's `reports` column records an object. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** Splits `s3://bucket/key`; undefined for anything else (a local path). */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? { bucket: match[1]!, key: match[2]! } : undefined;
}

/** A GET link to one object that works for `expiresInSeconds` (default 24 h) without credentials. */
export async function presignReportUrl(
  store: S3ReportStore,
  key: string,
  expiresInSeconds = PRESIGNED_URL_TTL_SECONDS,
): Promise<string> {
  return getSignedUrl(store.client, new GetObjectCommand({ Bucket: store.bucket, Key: key }), {
    expiresIn: expiresInSeconds,
  });
}

/** The S3 part of the configuration (packages/runtime s3Env). */
export interface S3ReportConfig {
  S3_BUCKET?: string | undefined;
  S3_ENDPOINT?: string | undefined;
  S3_REGION?: string | undefined;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
}

/** The report bucket when S3_BUCKET is set; undefined means reports stay in REPORTS_DIR. */
export function s3ReportStoreFromConfig(config: S3ReportConfig): S3ReportStore | undefined {
  if (!config.S3_BUCKET) return undefined;
  return createS3ReportStore({
    bucket: config.S3_BUCKET,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  });
}
