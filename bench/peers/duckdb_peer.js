// DuckDB peer through the npm package @duckdb/node-api.
// usage: node duckdb_peer.js cases|counts|keys FILE THREADS
// keys (a million groups) is written by DuckDB itself (COPY ... TO
// '/dev/stdout'): handing a million rows to JavaScript would cost DuckDB
// more than the query.
// The package is looked up in DUCKDB_DIR (default /tmp/tsbench/duck, where
// `npm install @duckdb/node-api` was run; see bench/README.md).
'use strict';
const path = require('path');
const dir = process.env.DUCKDB_DIR || '/tmp/tsbench/duck';
const { DuckDBInstance } = require(path.join(dir, 'node_modules', '@duckdb', 'node-api'));

async function run() {
  const [job, file, threads] = process.argv.slice(2);
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads || 1) });
  const con = await db.connect();
  const src = "read_csv('" + file.replace(/'/g, "''") + "', header = true)";
  if (job === 'keys') {
    await con.run(`COPY (SELECT court_file, count(*) AS n,
              count(*) FILTER (WHERE outcome = 'convicted') AS c
         FROM ${src} GROUP BY 1 ORDER BY 1) TO '/dev/stdout' (FORMAT csv, HEADER false)`);
    return;
  }
  const sql = job === 'cases'
    ? `SELECT CAST(year(opened) AS VARCHAR) AS y, jurisdiction, count(*) AS n,
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
