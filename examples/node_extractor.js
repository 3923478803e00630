#!/usr/bin/env node
// An example external-command extractor in JavaScript: PERSON names after "đồng chí".
//
//   hoinghi eval --gold gold/hoinghi-5 --extractor "cmd:node examples/node_extractor.js"
//
// Protocol (docs/eval-cli.md): read document JSONL on stdin ({"id", "text"}),
// write one prediction line per document on stdout ({"id", "spans": [...]}), in any
// order, exit 0. Offsets are Unicode code points, end-exclusive. JavaScript strings
// index UTF-16 code units, so this script converts (they differ only outside the BMP,
// e.g. emoji; see docs/eval-cli.md). Logs go to stderr, never stdout.
// examples/python_extractor.py is the same extractor as a Python callable.
const readline = require("readline");

const TRIGGER = /đồng chí[ \u00a0]+/giu;
const WORD = /\p{L}+/uy;  // sticky: a run of letters exactly here

function codePointIndex(text, utf16Index) {
  return Array.from(text.slice(0, utf16Index)).length;
}

function extract(text) {
  const spans = [];
  for (const m of text.matchAll(TRIGGER)) {
    const start = m.index + m[0].length;
    let end = start;
    for (;;) {
      const gap = end === start ? "" : text[end];
      const at = end === start ? end : end + 1;
      if (end !== start && gap !== " " && gap !== "\u00a0") break;
      WORD.lastIndex = at;
      const w = WORD.exec(text);
      if (!w || w[0][0] === w[0][0].toLowerCase()) break;
      end = at + w[0].length;
    }
    if (end > start) {
      spans.push({start: codePointIndex(text, start), end: codePointIndex(text, end), label: "PERSON"});
    }
  }
  return spans;
}

const rl = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
rl.on("line", (line) => {
  if (!line.trim()) return;
  const doc = JSON.parse(line);
  process.stdout.write(JSON.stringify({id: doc.id, spans: extract(doc.text)}) + "\n");
});
