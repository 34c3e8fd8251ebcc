"""Files of rows that people upload and download — xlsx and CSV — whatever an import or an export
is about: `bounds` measures an upload before it is read, `reader` reads it into text, `headers`
recognises the columns an import names, `digits` tells the long numbers a spreadsheet damaged,
`row_errors` says what is wrong with a file row by row, and `xlsx_stream` writes a large sheet in
constant memory. What a roster's columns are stays with the register (`registry.roster`)."""
