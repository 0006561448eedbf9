// Reads FHIR R4 resources (JSON files named on the command line) with FHIR.js (lantanagroup, ISC), a
// validator independent of the Python models backstride is built with, and prints one JSON line per
// file: {"file", "valid", "messages": [{"severity", "location", "message"}]}. Test-only.
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');

const fhir = new Fhir();  // FHIR 4.0.x structure definitions, bundled with the package
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  console.log(JSON.stringify({ file, valid: result.valid, messages: result.messages }));
}
