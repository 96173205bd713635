// SqlLike: MySQL's LIKE for SHOW ... LIKE / WHERE over text cells: '%' any run, '_' one
// character, '\' escapes the next one; case-insensitive (ASCII), as MySQL's default collation.
#pragma once

#include <string_view>

namespace feb {

bool SqlLike(std::string_view text, std::string_view pattern);

}  // namespace feb
