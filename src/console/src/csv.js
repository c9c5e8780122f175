// One CSV cell, quoted. A cell that starts like a formula (= + - @, or a tab or carriage return before one) is
// prefixed with ' so that Excel and WPS show it as text instead of running it: a name such as
// =HYPERLINK("http://…","点此") in a roster must not become a link in the branch's own records (OWASP: CSV injection).
export function csvCell(value) {
  let text = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return '"' + text.replace(/"/g, '""') + '"';
}

export function csvRow(values) {
  return values.map(csvCell).join(',');
}
