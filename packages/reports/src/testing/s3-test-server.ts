// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- s3rver ships no types; other packages compiling this file need the declaration too.
/// <reference path="./s3rver.d.ts" />
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import s3rverAccount from "s3rver/lib/models/account.js";
import { createS3ReportStore, type S3ReportStore } from "../s3-report-store";

/** A real S3-compatible server (s3rver) on 127.0.0.1, a random port, with one empty bucket. */
export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** The key pair s3rver checks signatures against: S3RVER/S3RVER unless chosen. */
  accessKeyId: string;
  secretAccessKey: string;
  store: S3ReportStore;
  listKeys(prefix?: string): Promise<string[]>;
  getText(key: string): Promise<string>;
  putText(key: string, text: string): Promise<void>;
  lastModified(key: string): Promise<Date | undefined>;
  close(): Promise<void>;
}

export interface S3TestServerOptions {
  bucket?: string;
  /** A key pair of your own (s3rver checks every request's signature against its known keys). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export async function startS3TestServer(options: S3TestServerOptions = {}): Promise<S3TestServer> {
  const { bucket = "recon-reports", credentials: chosen } = options;
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
  const credentials = chosen ?? { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  // s3rver knows one account; a chosen pair is added to it (and removed again on close).
  if (chosen) s3rverAccount.DUMMY_ACCOUNT.createKeyPair(chosen.accessKeyId, chosen.secretAccessKey);
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
    async putText(key, text) {
      await store.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text }));
    },
    async lastModified(key) {
      return (await store.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).LastModified;
    },
    async close() {
      if (chosen) s3rverAccount.DUMMY_ACCOUNT.revokeAccessKey(chosen.accessKeyId);
      store.client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
