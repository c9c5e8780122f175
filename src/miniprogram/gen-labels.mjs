// Writes miniprogram/api/labels.ts from api-spec/labels.json, the one file of words for the contract's codes that
// the server and the console read too (WeChat DevTools cannot import a file outside the mini-program's folder, so it
// is generated, like the types). Run by `npm run gen`; test/unit/labels.test.ts fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';

const labels = JSON.parse(readFileSync(new URL('../../api-spec/labels.json', import.meta.url), 'utf8'));
writeFileSync(new URL('./miniprogram/api/labels.ts', import.meta.url),
  '// Generated from api-spec/labels.json by gen-labels.mjs (npm run gen): do not edit.\n'
  + 'export const LABELS: Record<string, Record<string, string>> = ' + JSON.stringify(labels, null, 2) + ';\n');
