/**
 * Survey widget answers -> Google Sheet (Apps Script web app).
 *
 * One row per answer: the widget sends each answer as revisions (1 = the score, 2.. = a
 * changed score and/or the comment), each carrying `id` and `revision` in the body
 * (embed with data-request="simple"). A new id appends a row; an id that comes again
 * updates its row when the revision is newer and is ignored otherwise, so retries and
 * replays never duplicate a row. LockService serialises concurrent posts.
 *
 * Deploy: Extensions > Apps Script in the sheet, paste this file, Deploy > New deployment
 * > Web app, "Execute as: Me", "Who has access: Anyone". Use the /exec URL as
 * data-endpoint. Export: File > Download > CSV, then open the file in the calculator.
 */

var SHEET_NAME = 'Answers';
// The calculator's survey columns first; extra columns (data-attr-*) are added at the end.
var COLUMNS = ['id', 'revision', 'date', 'survey', 'score', 'comment', 'customer', 'page', 'lang'];
var ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
var EXTRA_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function doPost(e) {
  var answer = parseAnswer_(e);
  if (!answer) return json_({ ok: false, error: 'not a survey answer' });
  var lock = LockService.getScriptLock();
  lock.waitLock(30000); // throws after 30 s: the widget sees no success and retries
  try {
    return json_({ ok: true, result: upsert_(answerSheet_(), answer) });
  } finally {
    lock.releaseLock();
  }
}

/** The answer from a text/plain JSON body or a form-encoded one; null if it is none. */
function parseAnswer_(e) {
  var a = null;
  if (e && e.postData && e.postData.type !== 'application/x-www-form-urlencoded') {
    try { a = JSON.parse(e.postData.contents); } catch (err) { a = null; }
  }
  if (!a && e && e.parameter && e.parameter.id) a = e.parameter;
  if (!a || typeof a !== 'object' || typeof a.id !== 'string' || !ID_PATTERN.test(a.id)) return null;
  var rev = Number(a.revision || 1);
  a.revision = rev >= 1 && rev === Math.floor(rev) ? rev : 1;
  return a;
}

function answerSheet_() {
  var book = SpreadsheetApp.getActiveSpreadsheet();
  var sheet = book.getSheetByName(SHEET_NAME);
  if (!sheet) {
    sheet = book.insertSheet(SHEET_NAME);
    // Plain text everywhere: Sheets would otherwise turn "2026-11-23" into a date value
    // and write it back in the sheet's locale in the CSV export.
    sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns()).setNumberFormat('@');
    sheet.appendRow(COLUMNS);
  }
  return sheet;
}

/** Appends, updates or keeps; returns which. */
function upsert_(sheet, a) {
  var width = sheet.getLastColumn();
  var header = sheet.getRange(1, 1, 1, width).getValues()[0].map(String);
  Object.keys(a).forEach(function (k) {
    if (k !== 'schema_version' && header.indexOf(k) < 0 && EXTRA_PATTERN.test(k)) {
      header.push(k);
      sheet.getRange(1, header.length).setValue(k);
    }
  });
  var row = header.map(function (k) { return cell_(a[k]); });
  var last = sheet.getLastRow();
  var stored = last > 1 ? sheet.getRange(2, 1, last - 1, 2).getValues() : [];
  for (var i = 0; i < stored.length; i++) {
    if (String(stored[i][0]) === a.id) {
      if (Number(stored[i][1]) >= a.revision) return 'kept';
      sheet.getRange(i + 2, 1, 1, row.length).setValues([row]);
      return 'updated';
    }
  }
  sheet.appendRow(row);
  return 'appended';
}

/**
 * A cell value as text. A leading = + - @ would make Sheets read a visitor's comment as a
 * formula; the apostrophe prefix keeps it text (Sheets shows and exports it without the
 * apostrophe).
 */
function cell_(v) {
  var s = v === undefined || v === null ? '' : String(v);
  return /^[=+\-@]/.test(s) ? "'" + s : s;
}

function json_(o) {
  return ContentService.createTextOutput(JSON.stringify(o)).setMimeType(ContentService.MimeType.JSON);
}
