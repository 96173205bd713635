// Quoting and unquoting of names and string literals as the module's grammar spells them.
#pragma once

#include <string>
#include <string_view>

namespace feb::sql {

// True if `word` (any case) is a keyword of the grammar; `reserved` tells whether it may not
// be used as a bare identifier.
bool IsKeyword(std::string_view word);
bool IsReservedKeyword(std::string_view word);

// `name` as SQL: bare when it is a plain ASCII identifier ([A-Za-z_][A-Za-z0-9_]*) and no
// keyword, else `backquoted` with inner backquotes doubled.
std::string QuoteIdentifier(std::string_view name);

// `value` as a string literal in `quote` ('"' or '\''), with backslash escapes for the quote,
// backslash, NUL, newline, carriage return, tab, backspace and Ctrl-Z.
std::string QuoteString(std::string_view value, char quote = '"');

// The value of a quoted string token (quotes included), MySQL rules: \0 \' \" \b \n \r \t \Z
// \\ are escapes, \% and \_ stay two characters, any other \x is x; a doubled quote is one.
std::string UnquoteString(std::string_view token);

// The value of a `backquoted` identifier token (backquotes included).
std::string UnquoteIdentifier(std::string_view token);

}  // namespace feb::sql
