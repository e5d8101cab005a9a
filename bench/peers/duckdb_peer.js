// DuckDB peer through the npm package @duckdb/node-api.
// usage: node duckdb_peer.js JOB FILE THREADS
//   cases, counts      read_csv, GROUP BY year, jurisdiction
//   json, ndjson       the case list through read_json (a JSON array,
//                      newline-delimited records)
//   cp1252, utf16      the case list through read_csv(encoding = ...):
//                      DuckDB reads UTF-8, UTF-16 and Latin-1 itself;
//                      Windows-1252 needs its `encodings` extension, which
//                      is fetched from the network: without it the file is
//                      read as Latin-1, which decodes these files' bytes
//                      (no byte in 0x80-0x9F) the same way
//   keys               a million groups, written by DuckDB itself (COPY ...
//                      TO '/dev/stdout'): handing a million rows to
//                      JavaScript would cost DuckDB more than the query
//   convert            every record as NDJSON: COPY ... TO '/dev/stdout'
// The package is looked up in DUCKDB_DIR (default /tmp/tsbench/duck, where
// `npm install @duckdb/node-api` was run; see bench/README.md).
'use strict';
const path = require('path');
const dir = process.env.DUCKDB_DIR || '/tmp/tsbench/duck';
const { DuckDBInstance } = require(path.join(dir, 'node_modules', '@duckdb', 'node-api'));

async function cp1252(con) {
  try {
    await con.run('LOAD encodings');
    return 'windows-1252';
  } catch (e) {
    return 'latin-1';
  }
}

async function run() {
  const [job, file, threads] = process.argv.slice(2);
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads || 1) });
  const con = await db.connect();
  const quoted = "'" + file.replace(/'/g, "''") + "'";
  let src = `read_csv(${quoted}, header = true)`;
  if (job === 'json')
    src = `read_json(${quoted}, format = 'array')`;
  else if (job === 'ndjson')
    src = `read_json(${quoted}, format = 'newline_delimited')`;
  else if (job === 'utf16')
    src = `read_csv(${quoted}, header = true, encoding = 'utf-16')`;
  else if (job === 'cp1252')
    src = `read_csv(${quoted}, header = true, encoding = '${await cp1252(con)}')`;
  if (job === 'keys') {
    await con.run(`COPY (SELECT court_file, count(*) AS n,
              count(*) FILTER (WHERE outcome = 'convicted') AS c
         FROM ${src} GROUP BY 1 ORDER BY 1) TO '/dev/stdout' (FORMAT csv, HEADER false)`);
    return;
  }
  if (job === 'convert') {
    await con.run(`COPY (SELECT * FROM ${src}) TO '/dev/stdout' (FORMAT json)`);
    return;
  }
  const sql = job !== 'counts'
    ? `SELECT CAST(year(CAST(opened AS DATE)) AS VARCHAR) AS y, jurisdiction, count(*) AS n,
              count(*) FILTER (WHERE outcome = 'convicted') AS c
         FROM ${src} GROUP BY 1, 2`
    : `SELECT substr(CAST(month AS VARCHAR), 1, 4) AS y, jurisdiction,
              sum(investigations) AS n, sum(convictions) AS c
         FROM ${src} GROUP BY 1, 2`;
  const res = await con.runAndReadAll(sql);
  const lines = res.getRows().map((r) => `${r[0]},${r[1]},${r[2]},${r[3]}`);
  lines.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  process.stdout.write(lines.join('\n') + '\n');
}
run().catch((e) => { console.error(e); process.exit(1); });
