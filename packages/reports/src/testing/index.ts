// Test helpers for other packages' tests (not for production code): a loopback S3 server.
export { startS3TestServer, type S3TestServer, type S3TestServerOptions } from "./s3-test-server";
