// The backup module's statements: BACKUP, RESTORE, CANCEL/SHOW BACKUP and RESTORE,
// SHOW SNAPSHOT, CREATE/DROP/SHOW REPOSITORY, DROP SNAPSHOT (StarRocks syntax).
//
// Keywords are case-insensitive: the parser wrapper feeds the lexer an input stream whose
// LA() upper-cases ASCII letters (ANTLR 4.7.2 has no caseInsensitive option), so keyword
// literals are written in upper case while token text keeps the user's spelling.
// Keywords listed in `nonReserved` may also be used as identifiers.
grammar BackupSql;

singleStatement
    : statement SEMICOLON? EOF
    ;

statement
    : backupStatement
    | restoreStatement
    | cancelBackupStatement
    | cancelRestoreStatement
    | showBackupStatement
    | showRestoreStatement
    | showSnapshotStatement
    | createRepositoryStatement
    | dropRepositoryStatement
    | showRepositoriesStatement
    | dropSnapshotStatement
    ;

// ---------------------------------------------------------------------------------------------
// BACKUP / RESTORE
// ---------------------------------------------------------------------------------------------

backupStatement
    : BACKUP externalCatalogClause? (DATABASE database=identifier)?
      SNAPSHOT snapshotName=qualifiedName TO repository=identifier
      onClause? properties?
    ;

restoreStatement
    : RESTORE SNAPSHOT snapshotName=qualifiedName FROM repository=identifier
      externalCatalogClause? (DATABASE database=identifier (AS databaseAlias=identifier)?)?
      onClause? properties?
    ;

externalCatalogClause
    : ALL EXTERNAL CATALOGS
    | EXTERNAL (CATALOG | CATALOGS) LEFT_PAREN catalogItem (COMMA catalogItem)* RIGHT_PAREN
    ;

catalogItem
    : name=identifier (AS alias=identifier)?
    ;

onClause
    : ON LEFT_PAREN backupObject (COMMA backupObject)* RIGHT_PAREN
    ;

backupObject
    : ALL (TABLE | TABLES | MATERIALIZED (VIEW | VIEWS) | VIEW | VIEWS | FUNCTION | FUNCTIONS)
    | MATERIALIZED (VIEW | VIEWS) qualifiedName (AS alias=identifier)?
    | (VIEW | VIEWS) qualifiedName (AS alias=identifier)?
    | (FUNCTION | FUNCTIONS) qualifiedName (AS alias=identifier)?
    | (TABLE | TABLES)? qualifiedName partitionNames? (AS alias=identifier)?
    ;

partitionNames
    : TEMPORARY? (PARTITION | PARTITIONS) LEFT_PAREN identifierOrString (COMMA identifierOrString)* RIGHT_PAREN
    | TEMPORARY? (PARTITION | PARTITIONS) identifierOrString
    ;

cancelBackupStatement
    : CANCEL BACKUP ((FROM | IN) database=identifier | FOR EXTERNAL CATALOG)?
    ;

cancelRestoreStatement
    : CANCEL RESTORE ((FROM | IN) database=identifier | FOR EXTERNAL CATALOG)?
    ;

showBackupStatement
    : SHOW BACKUP ((FROM | IN) database=identifier)? showFilter
    ;

showRestoreStatement
    : SHOW RESTORE ((FROM | IN) database=identifier)? showFilter
    ;

showFilter
    : (WHERE expression)? (ORDER BY sortItem (COMMA sortItem)*)? limitClause?
    ;

sortItem
    : primaryExpression (ASC | DESC)?
    ;

limitClause
    : LIMIT first=INTEGER_VALUE ((OFFSET | COMMA) second=INTEGER_VALUE)?
    ;

// ---------------------------------------------------------------------------------------------
// Snapshots and repositories
// ---------------------------------------------------------------------------------------------

showSnapshotStatement
    : SHOW SNAPSHOT ON repository=identifier (WHERE expression)?
    ;

createRepositoryStatement
    : CREATE (READ ONLY)? REPOSITORY name=identifier
      WITH BROKER broker=identifierOrString?
      ON LOCATION location=string
      properties?
    ;

dropRepositoryStatement
    : DROP REPOSITORY name=identifier
    ;

showRepositoriesStatement
    : SHOW REPOSITORIES
    ;

dropSnapshotStatement
    : DROP SNAPSHOT snapshotName=identifier ON repository=identifier FORCE?
    ;

// ---------------------------------------------------------------------------------------------
// A small predicate language for SHOW ... WHERE: comparisons, [NOT] IN, [NOT] LIKE,
// IS [NOT] NULL, NOT, AND, OR and parentheses over columns and literals. AND/OR chains are
// loops (not left recursion) so a long chain does not nest the tree.
// ---------------------------------------------------------------------------------------------

expression
    : andExpression (OR andExpression)*
    ;

andExpression
    : notExpression (AND notExpression)*
    ;

notExpression
    : NOT* predicate
    ;

predicate
    : LEFT_PAREN expression RIGHT_PAREN
    | left=primaryExpression predicateTail?
    ;

predicateTail
    : comparisonOperator right=primaryExpression
    | NOT? IN LEFT_PAREN primaryExpression (COMMA primaryExpression)* RIGHT_PAREN
    | NOT? LIKE pattern=primaryExpression
    | IS NOT? NULL_KW
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE
    ;

primaryExpression
    : identifier
    | string
    | MINUS_SYMBOL? INTEGER_VALUE
    | NULL_KW
    ;

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

properties
    : PROPERTIES LEFT_PAREN property (COMMA property)* RIGHT_PAREN
    ;

property
    : key=string EQ value=string
    ;

qualifiedName
    : identifier (DOT identifier)*
    ;

identifierOrString
    : identifier
    | string
    ;

identifier
    : LETTER_IDENTIFIER
    | DIGIT_IDENTIFIER
    | BACKQUOTED_IDENTIFIER
    | nonReserved
    ;

string
    : SINGLE_QUOTED_TEXT
    | DOUBLE_QUOTED_TEXT
    ;

// Keywords that may be used as names. Keep in sync with the reserved-word list the SQL
// printer uses (plugin/src/sql/sql_text.cc); a unit test checks both agree.
nonReserved
    : BACKUP | BROKER | CANCEL | CATALOG | CATALOGS | EXTERNAL | FUNCTIONS | LOCATION
    | MATERIALIZED | OFFSET | ONLY | PARTITIONS | PROPERTIES | REPOSITORIES | REPOSITORY
    | RESTORE | SNAPSHOT | TABLES | TEMPORARY | VIEW | VIEWS
    ;

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

ALL : 'ALL';
AND : 'AND';
AS : 'AS';
ASC : 'ASC';
BACKUP : 'BACKUP';
BROKER : 'BROKER';
BY : 'BY';
CANCEL : 'CANCEL';
CATALOG : 'CATALOG';
CATALOGS : 'CATALOGS';
CREATE : 'CREATE';
DATABASE : 'DATABASE';
DESC : 'DESC';
DROP : 'DROP';
EXTERNAL : 'EXTERNAL';
FOR : 'FOR';
FORCE : 'FORCE';
FROM : 'FROM';
FUNCTION : 'FUNCTION';
FUNCTIONS : 'FUNCTIONS';
IN : 'IN';
IS : 'IS';
LIKE : 'LIKE';
LIMIT : 'LIMIT';
LOCATION : 'LOCATION';
MATERIALIZED : 'MATERIALIZED';
NOT : 'NOT';
NULL_KW : 'NULL';
OFFSET : 'OFFSET';
ON : 'ON';
ONLY : 'ONLY';
OR : 'OR';
ORDER : 'ORDER';
PARTITION : 'PARTITION';
PARTITIONS : 'PARTITIONS';
PROPERTIES : 'PROPERTIES';
READ : 'READ';
REPOSITORIES : 'REPOSITORIES';
REPOSITORY : 'REPOSITORY';
RESTORE : 'RESTORE';
SHOW : 'SHOW';
SNAPSHOT : 'SNAPSHOT';
TABLE : 'TABLE';
TABLES : 'TABLES';
TEMPORARY : 'TEMPORARY';
TO : 'TO';
VIEW : 'VIEW';
VIEWS : 'VIEWS';
WHERE : 'WHERE';
WITH : 'WITH';

EQ : '=';
NEQ : '<>' | '!=';
LT : '<';
LTE : '<=';
GT : '>';
GTE : '>=';
MINUS_SYMBOL : '-';
LEFT_PAREN : '(';
RIGHT_PAREN : ')';
COMMA : ',';
DOT : '.';
SEMICOLON : ';';

INTEGER_VALUE : DIGIT+;

SINGLE_QUOTED_TEXT : '\'' ('\\' . | '\'\'' | ~('\'' | '\\'))* '\'';
DOUBLE_QUOTED_TEXT : '"' ('\\' . | '""' | ~('"' | '\\'))* '"';

LETTER_IDENTIFIER : (LETTER | '_') (LETTER | DIGIT | '_')*;
DIGIT_IDENTIFIER : DIGIT (LETTER | DIGIT | '_')+;
BACKQUOTED_IDENTIFIER : '`' (~'`' | '``')* '`';

SIMPLE_COMMENT : '--' ~[\r\n]* -> channel(HIDDEN);
HASH_COMMENT : '#' ~[\r\n]* -> channel(HIDDEN);
BRACKETED_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
WS : [ \t\r\n\f\u000B]+ -> channel(HIDDEN);

// Anything else becomes a one-character token the parser rejects, so the lexer itself
// never fails and every error is reported by the parser with a position.
UNRECOGNIZED : .;

fragment DIGIT : [0-9];
// The stream upper-cases ASCII before the lexer sees it; non-ASCII letters are allowed as in
// StarRocks.
fragment LETTER : [A-Z] | [\u0080-\u{10FFFF}];
