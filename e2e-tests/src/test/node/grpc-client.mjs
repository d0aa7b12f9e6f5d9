// A foreign client of the hcx-mesh public API, written against api.proto only:
// IngestService.Submit with an inline image, then Watch until the result; prints one JSON line.
//
// usage: node grpc-client.mjs <host:port> <protoRoot> <imageFile> <mimeType> <prompt> <idempotencyKey>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const [target, protoRoot, imageFile, mimeType, prompt, key] = process.argv.slice(2);
if (!key) {
  console.error('usage: node grpc-client.mjs <host:port> <protoRoot> <imageFile> <mimeType> <prompt> <key>');
  process.exit(2);
}

const definition = protoLoader.loadSync(path.join(protoRoot, 'hcx/v1/api.proto'), {
  includeDirs: [protoRoot],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const hcx = grpc.loadPackageDefinition(definition).hcx.v1;
const client = new hcx.IngestService(target, grpc.credentials.createInsecure());
const deadline = () => new Date(Date.now() + 300_000);

const request = {
  media: { inline_bytes: readFileSync(imageFile), mime_type: mimeType, kind: 'IMAGE', filename: path.basename(imageFile) },
  task: { prompt, ocr: true, lens: true },
  idempotency_key: key,
};

client.Submit(request, { deadline: deadline() }, (err, submitted) => {
  if (err) {
    console.log(JSON.stringify({ ok: false, stage: 'submit', code: err.code, message: err.details }));
    process.exit(1);
  }
  const progress = [];
  const call = client.Watch({ job_id: submitted.job_id }, { deadline: deadline() });
  let done = false;
  call.on('data', (event) => {
    if (event.progress) progress.push(event.progress.stage);
    if (event.result && !done) {
      done = true;
      console.log(JSON.stringify({ ok: true, job_id: submitted.job_id, duplicate: submitted.duplicate, progress, result: event.result }));
      call.cancel();
      client.close();
    }
  });
  call.on('error', (e) => {
    if (done) return; // our own cancel
    console.log(JSON.stringify({ ok: false, stage: 'watch', code: e.code, message: e.details }));
    process.exit(1);
  });
  call.on('end', () => {
    if (!done) {
      console.log(JSON.stringify({ ok: false, stage: 'watch', message: 'stream ended without a result' }));
      process.exit(1);
    }
  });
});
