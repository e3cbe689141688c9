// An in-memory stand-in for the parts of Apps Script that Code.gs uses (SpreadsheetApp,
// LockService, ContentService), following the documented semantics: 1-based ranges,
// getValues() as a 2-D array, appendRow() after the last row with content, waitLock()
// throwing when the lock is not acquired in time. Code.gs runs in a node:vm context with
// these globals, exactly as written.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

export function makeSheet(maxRows = 1000, maxCols = 26) {
  const cells = []; // rows of strings
  const formats = [];
  const width = () => Math.max(0, ...cells.map((r) => r.length));
  const range = (row, col, rows = 1, cols = 1) => {
    if (row < 1 || col < 1 || rows < 1 || cols < 1) throw new Error(`bad range ${row},${col},${rows},${cols}`);
    return {
      getValues: () => Array.from({ length: rows }, (_, i) =>
        Array.from({ length: cols }, (_, j) => cells[row - 1 + i]?.[col - 1 + j] ?? '')),
      setValues(values) {
        if (values.length !== rows || values.some((r) => r.length !== cols)) throw new Error('setValues: size mismatch');
        values.forEach((r, i) => r.forEach((v, j) => {
          cells[row - 1 + i] ??= [];
          cells[row - 1 + i][col - 1 + j] = v;
        }));
        return this;
      },
      setValue(v) { return this.setValues([[v]]); },
      setNumberFormat(f) { formats.push({ row, col, rows, cols, f }); return this; },
    };
  };
  return {
    cells,
    formats,
    getLastRow: () => cells.length,
    getLastColumn: () => width(),
    getMaxRows: () => maxRows,
    getMaxColumns: () => maxCols,
    getRange: range,
    appendRow(values) { cells.push(values.slice()); return this; },
  };
}

export function makeAppsScript() {
  const sheets = new Map();
  let held = false;
  const lockLog = [];
  const globals = {
    SpreadsheetApp: {
      getActiveSpreadsheet: () => ({
        getSheetByName: (n) => sheets.get(n) ?? null,
        insertSheet: (n) => { const s = makeSheet(); sheets.set(n, s); return s; },
      }),
    },
    LockService: {
      getScriptLock: () => ({
        waitLock(ms) {
          if (held) { lockLog.push('timeout'); throw new Error(`Lock timeout after ${ms} ms`); }
          held = true; lockLog.push('lock');
        },
        releaseLock() { held = false; lockLog.push('unlock'); },
      }),
    },
    ContentService: {
      MimeType: { JSON: 'application/json' },
      createTextOutput: (s) => ({ content: s, mime: 'text/plain', setMimeType(m) { this.mime = m; return this; }, getContent() { return this.content; } }),
    },
  };
  const ctx = vm.createContext({ ...globals });
  const code = readFileSync(new URL('./Code.gs', import.meta.url), 'utf8');
  vm.runInContext(code, ctx, { filename: 'Code.gs' });
  return {
    sheets,
    lockLog,
    /** Holds the script lock (another execution is writing). */
    hold() { held = true; },
    release() { held = false; },
    /** Calls doPost like the web app does: e.postData {type, contents}, e.parameter. */
    post(contents, type = 'text/plain') {
      const parameter = type === 'application/x-www-form-urlencoded'
        ? Object.fromEntries(new URLSearchParams(contents)) : {};
      const out = ctx.doPost({ postData: { type, contents, length: contents.length }, parameter, parameters: {} });
      return JSON.parse(out.getContent());
    },
    /** The sheet as objects (header row -> keys). */
    rows(name = 'Answers') {
      const s = sheets.get(name);
      if (!s) return [];
      const [head, ...body] = s.cells;
      return body.map((r) => Object.fromEntries(head.map((k, i) => [k, r[i] ?? ''])));
    },
  };
}
