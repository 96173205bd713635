// Starts s3rver (tools/s3/node_modules, installed by ./build.sh deps) for the tests, with the
// three S3 behaviours the storage relies on and s3rver 3.7.1 lacks, filled in on top of its own
// file store (nothing of s3rver is changed):
//   - Content-MD5 is checked on PutObject and UploadPart (400 BadDigest when the bytes differ);
//   - AbortMultipartUpload (DELETE /bucket/key?uploadId=...) removes the upload (s3rver: 405);
//   - ListMultipartUploads (GET /bucket?uploads) lists uploads in progress (s3rver: 501);
//   - CompleteMultipartUpload of an upload that is gone answers 404 NoSuchUpload, as S3 does
//     (s3rver: 500), which is what a client retrying a completion whose answer was lost sees.
// Usage: node --openssl-legacy-provider s3rver_main.js DATA_DIR PORT [BUCKET...]
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { Readable } = require('stream');

const root = path.resolve(__dirname, '..', '..', '..');
const modules = path.join(root, 'tools', 's3', 'node_modules');
const S3rver = require(path.join(modules, 's3rver'));
const S3Error = require(path.join(modules, 's3rver', 'lib', 'models', 'error'));

const [dataDir, port, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  directory: dataDir,
  address: '127.0.0.1',
  port: Number(port),
  silent: true,
  vhostBuckets: false,
  configureBuckets: buckets.map(name => ({ name })),
});
const store = server.store;

async function checkedBody(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const want = stream.headers && stream.headers['content-md5'];
  if (want && crypto.createHash('md5').update(body).digest('base64') !== want) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  return body;
}

const putObject = store.putObject.bind(store);
store.putObject = async object => {
  if (object.content && object.content.headers) object.content = await checkedBody(object.content);
  return putObject(object);
};
const putPart = store.putPart.bind(store);
store.putPart = async (bucket, uploadId, partNumber, content) =>
  putPart(bucket, uploadId, partNumber, Readable.from([await checkedBody(content)]));

function escapeXml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

server.middleware.unshift(async (ctx, next) => {
  const m = ctx.path.match(/^\/([^/]+)(?:\/(.+))?$/);
  if (!m) return next();
  const bucket = m[1];
  const uploads = store.getResourcePath(bucket, undefined, 'uploads');
  if (ctx.method === 'DELETE' && m[2] && ctx.query.uploadId !== undefined) {
    if (!(await store.getBucket(bucket))) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
    const dir = path.join(uploads, path.basename(String(ctx.query.uploadId)));
    if (!fs.existsSync(dir)) {
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
    }
    fs.rmSync(dir, { recursive: true, force: true });
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'POST' && m[2] && ctx.query.uploadId !== undefined &&
      !fs.existsSync(path.join(uploads, path.basename(String(ctx.query.uploadId))))) {
    throw new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
  }
  if (ctx.method === 'GET' && !m[2] && ctx.query.uploads !== undefined) {
    if (!(await store.getBucket(bucket))) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
    const prefix = String(ctx.query.prefix || '');
    let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Bucket>${escapeXml(bucket)}</Bucket><IsTruncated>false</IsTruncated>`;
    const ids = fs.existsSync(uploads) ? fs.readdirSync(uploads).sort() : [];
    for (const id of ids) {
      let key;
      try { key = fs.readFileSync(path.join(uploads, id, 'key')).toString(); } catch (e) { continue; }
      if (key.startsWith(prefix)) xml += `<Upload><Key>${escapeXml(key)}</Key><UploadId>${escapeXml(id)}</UploadId></Upload>`;
    }
    ctx.type = 'application/xml';
    ctx.body = xml + '</ListMultipartUploadsResult>';
    return;
  }
  return next();
});

server.run().then(
  () => process.stdout.write(`listening on ${port}\n`),
  err => {
    process.stderr.write(`s3rver failed: ${err.stack || err}\n`);
    process.exit(1);
  });
