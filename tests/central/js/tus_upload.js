// Upload one file to central with the official tus-js-client (Node.js).
// usage: node tus_upload.js ENDPOINT TOKEN FILE REPORT_ID ATTACHMENT_ID SHA256
// Prints the upload URL on success; exits 1 with the error otherwise.
const fs = require("fs");
const path = require("path");
const tus = require("tus-js-client");

const [endpoint, token, file, reportId, attachmentId, sha256] = process.argv.slice(2);
const data = fs.readFileSync(file);
const upload = new tus.Upload(data, {
  endpoint,
  headers: { Authorization: `Bearer ${token}` },
  metadata: {
    filename: path.basename(file),
    filetype: "image/jpeg",
    report_id: reportId,
    attachment_id: attachmentId,
    sha256,
  },
  uploadSize: data.length,
  chunkSize: 64 * 1024,
  retryDelays: [0, 200, 500],
  removeFingerprintOnSuccess: true,
  onError(err) {
    console.error(String(err));
    process.exit(1);
  },
  onSuccess() {
    console.log(upload.url);
  },
});
upload.start();
