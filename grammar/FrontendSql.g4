// The reference frontend's own SQL: DDL, a little DML, users and grants, backends, and what
// MySQL clients send on connect. Keywords are case-insensitive (letter fragments); identifiers
// may be backquoted; strings take '...' or "..." with backslash escapes.
grammar FrontendSql;

singleStatement : statement SEMI* EOF ;

statement
    : CREATE (DATABASE | SCHEMA) (IF NOT EXISTS)? identifier                        # createDatabase
    | DROP (DATABASE | SCHEMA) (IF EXISTS)? identifier FORCE?                       # dropDatabase
    | USE identifier                                                                # useDatabase
    | SHOW (DATABASES | SCHEMAS)                                                    # showDatabases
    | SHOW FULL? TABLES ((FROM | IN) identifier)?                                   # showTables
    | CREATE TABLE (IF NOT EXISTS)? qualifiedName
          LPAREN columnDefinition (COMMA columnDefinition)* RPAREN
          (ENGINE EQ identifier)?
          keysDesc?
          (COMMENT quotedString)?
          partitionDesc?
          distributionDesc?
          properties?                                                               # createTable
    | DROP TABLE (IF EXISTS)? qualifiedName FORCE?                                  # dropTable
    | TRUNCATE TABLE qualifiedName                                                  # truncateTable
    | ALTER TABLE qualifiedName ADD PARTITION (IF NOT EXISTS)? partitionSpec
          distributionDesc?                                                         # addPartition
    | ALTER TABLE qualifiedName DROP PARTITION (IF EXISTS)? identifier FORCE?       # dropPartition
    | SHOW CREATE TABLE qualifiedName                                               # showCreateTable
    | CREATE VIEW (IF NOT EXISTS)? qualifiedName
          (LPAREN viewColumn (COMMA viewColumn)* RPAREN)?
          (COMMENT quotedString)?
          AS viewQuery                                                              # createView
    | DROP VIEW (IF EXISTS)? qualifiedName                                          # dropView
    | SHOW CREATE VIEW qualifiedName                                                # showCreateView
    | CREATE (OR REPLACE)? GLOBAL? (AGGREGATE | TABLE)? FUNCTION (IF NOT EXISTS)? qualifiedName
          LPAREN (functionArg (COMMA functionArg)*)? RPAREN
          RETURNS columnType (INTERMEDIATE columnType)?
          properties?                                                               # createFunction
    | DROP GLOBAL? FUNCTION (IF EXISTS)? qualifiedName
          LPAREN (functionArg (COMMA functionArg)*)? RPAREN                         # dropFunction
    | SHOW FULL? BUILTIN? GLOBAL? FUNCTIONS ((FROM | IN) identifier)? (LIKE quotedString)?   # showFunctions
    | SHOW PARTITIONS FROM qualifiedName                                            # showPartitions
    | SHOW TABLET FROM qualifiedName                                                # showTablet
    | INSERT INTO qualifiedName (LPAREN identifier (COMMA identifier)* RPAREN)?
          VALUES valuesRow (COMMA valuesRow)*                                       # insertValues
    | SELECT selectItem (COMMA selectItem)*
          (FROM qualifiedName)?
          (ORDER BY orderItem (COMMA orderItem)*)?
          (LIMIT INTEGER_VALUE)?                                                    # select
    | CHECKSUM TABLE qualifiedName (COMMA qualifiedName)*                           # checksumTable
    | ALTER SYSTEM ADD BACKEND quotedString (COMMA quotedString)*                               # addBackend
    | ALTER SYSTEM DROP BACKEND quotedString (COMMA quotedString)*                              # dropBackend
    | SHOW BACKENDS                                                                 # showBackends
    | CREATE USER (IF NOT EXISTS)? userIdentity (IDENTIFIED BY PASSWORD? quotedString)?   # createUser
    | DROP USER (IF EXISTS)? userIdentity                                           # dropUser
    | SET PASSWORD (FOR userIdentity)? EQ (PASSWORD LPAREN quotedString RPAREN | quotedString)  # setPassword
    | GRANT privilege (COMMA privilege)* ON grantObject TO USER? userIdentity       # grantPrivilege
    | REVOKE privilege (COMMA privilege)* ON grantObject FROM USER? userIdentity    # revokePrivilege
    | GRANT identifier TO USER? userIdentity                                        # grantRole
    | REVOKE identifier FROM USER? userIdentity                                     # revokeRole
    | SHOW GRANTS (FOR userIdentity)?                                               # showGrants
    | SHOW (GLOBAL | SESSION)? VARIABLES (LIKE quotedString)?                             # showVariables
    | SHOW (WARNINGS | ERRORS)                                                      # showWarnings
    | SET setAssignment (COMMA setAssignment)*                                      # set
    | (BEGIN | COMMIT | ROLLBACK)                                                   # transaction
    ;

columnDefinition
    : identifier columnType columnAttribute*
    ;

viewColumn : identifier (COMMENT quotedString)? ;

// The query of a view: every token up to the end (its text is kept verbatim).
viewQuery : (~SEMI)+ ;

functionArg : columnType | DOTDOTDOT ;

columnType
    : identifier (LPAREN INTEGER_VALUE (COMMA INTEGER_VALUE)? RPAREN)?
    ;

columnAttribute
    : NOT NULL_                # notNull
    | NULL_                    # nullable
    | DEFAULT literal         # defaultValue
    | COMMENT quotedString          # columnComment
    | aggregationType         # aggregation
    ;

aggregationType : SUM | MIN | MAX | REPLACE | REPLACE_IF_NOT_NULL | HLL_UNION | BITMAP_UNION ;

keysDesc
    : (DUPLICATE | AGGREGATE | UNIQUE | PRIMARY) KEY LPAREN identifier (COMMA identifier)* RPAREN
    ;

partitionDesc
    : PARTITION BY RANGE LPAREN identifier (COMMA identifier)* RPAREN
          LPAREN (rangePartition (COMMA rangePartition)*)? RPAREN
    ;

rangePartition : PARTITION partitionSpec ;

partitionSpec
    : identifier VALUES LESS THAN (MAXVALUE | LPAREN partitionValue (COMMA partitionValue)* RPAREN)
    ;

partitionValue : quotedString | MAXVALUE | INTEGER_VALUE | MINUS INTEGER_VALUE ;

distributionDesc
    : DISTRIBUTED BY HASH LPAREN identifier (COMMA identifier)* RPAREN (BUCKETS INTEGER_VALUE)?
    ;

properties
    : PROPERTIES LPAREN property (COMMA property)* RPAREN
    ;

property : key=quotedString EQ value=quotedString ;

valuesRow : LPAREN (literal (COMMA literal)*)? RPAREN ;

selectItem
    : STAR                                                  # selectStar
    | expression (AS? alias=identifierOrString)?            # selectExpression
    ;

expression
    : literal                                               # literalExpression
    | SYSTEM_VARIABLE                                       # variableExpression
    | COUNT LPAREN (STAR | INTEGER_VALUE) RPAREN            # countStar
    | functionName LPAREN RPAREN                            # functionCall
    | identifier                                            # columnReference
    ;

functionName : identifier | DATABASE | SCHEMA | USER ;

orderItem : identifier (ASC | DESC)? ;

literal
    : quotedString                        # stringLiteral
    | MINUS? INTEGER_VALUE          # integerLiteral
    | MINUS? DECIMAL_VALUE          # decimalLiteral
    | NULL_                          # nullLiteral
    | (TRUE_ | FALSE_)                # booleanLiteral
    ;

grantObject
    : SYSTEM                                      # onSystem
    | TABLE qualifiedName                         # onTable
    | ALL TABLES IN DATABASE identifier           # onAllTables
    | DATABASE identifier                         # onDatabase
    ;

privilege
    : CREATE TABLE
    | CREATE DATABASE
    | ALL PRIVILEGES?
    | SELECT
    | INSERT
    | DROP
    | ALTER
    | GRANT
    | identifier
    ;

userIdentity : user=identifierOrString (AT host=identifierOrString)? ;

setAssignment
    : NAMES (identifierOrString | DEFAULT) (COLLATE identifierOrString)?     # setNames
    | (GLOBAL | SESSION | LOCAL)? identifier EQ setValue                     # setVariable
    | SYSTEM_VARIABLE EQ setValue                                            # setSystemVariable
    ;

setValue
    : literal
    | SYSTEM_VARIABLE
    | functionName LPAREN (setValue (COMMA setValue)*)? RPAREN
    | identifier
    | ON
    | DEFAULT
    ;

identifierOrString : identifier | quotedString ;

qualifiedName : identifier (DOT identifier)? ;

identifier
    : IDENTIFIER                 # unquotedIdentifier
    | BACKQUOTED_IDENTIFIER      # backQuotedIdentifier
    | nonReserved                # nonReservedIdentifier
    ;

quotedString : STRING ;

nonReserved
    : AGGREGATE | BACKEND | BACKENDS | BEGIN | BUCKETS | CHECKSUM | COMMENT | COMMIT | COUNT
    | DUPLICATE | ENGINE | ERRORS | FORCE | FULL | GLOBAL | GRANTS | HASH | HLL_UNION | BITMAP_UNION | LESS | LOCAL
    | MAX | MIN | NAMES | PARTITIONS | PASSWORD | PRIVILEGES | PROPERTIES | REPLACE
    | REPLACE_IF_NOT_NULL | ROLLBACK | SESSION | SUM | SYSTEM | TABLET | TABLES | THAN | USER
    | VARIABLES | WARNINGS | DATABASES | SCHEMAS
    | VIEW | FUNCTION | FUNCTIONS | RETURNS | INTERMEDIATE | BUILTIN
    ;

// ---- lexer ----
ADD : A D D ;
AGGREGATE : A G G R E G A T E ;
ALL : A L L ;
ALTER : A L T E R ;
AS : A S ;
ASC : A S C ;
BACKEND : B A C K E N D ;
BACKENDS : B A C K E N D S ;
BEGIN : B E G I N ;
BITMAP_UNION : B I T M A P '_' U N I O N ;
BUCKETS : B U C K E T S ;
BUILTIN : B U I L T I N ;
BY : B Y ;
CHECKSUM : C H E C K S U M ;
COLLATE : C O L L A T E ;
COMMENT : C O M M E N T ;
COMMIT : C O M M I T ;
COUNT : C O U N T ;
CREATE : C R E A T E ;
DATABASE : D A T A B A S E ;
DATABASES : D A T A B A S E S ;
DEFAULT : D E F A U L T ;
DESC : D E S C ;
DISTRIBUTED : D I S T R I B U T E D ;
DROP : D R O P ;
DUPLICATE : D U P L I C A T E ;
ENGINE : E N G I N E ;
ERRORS : E R R O R S ;
EXISTS : E X I S T S ;
FALSE_ : F A L S E ;
FOR : F O R ;
FORCE : F O R C E ;
FROM : F R O M ;
FULL : F U L L ;
FUNCTION : F U N C T I O N ;
FUNCTIONS : F U N C T I O N S ;
GLOBAL : G L O B A L ;
GRANT : G R A N T ;
GRANTS : G R A N T S ;
HASH : H A S H ;
HLL_UNION : H L L '_' U N I O N ;
IDENTIFIED : I D E N T I F I E D ;
IF : I F ;
IN : I N ;
INSERT : I N S E R T ;
INTERMEDIATE : I N T E R M E D I A T E ;
INTO : I N T O ;
KEY : K E Y ;
LESS : L E S S ;
LIKE : L I K E ;
LIMIT : L I M I T ;
LOCAL : L O C A L ;
MAX : M A X ;
MAXVALUE : M A X V A L U E ;
MIN : M I N ;
NAMES : N A M E S ;
NOT : N O T ;
NULL_ : N U L L ;
ON : O N ;
OR : O R ;
ORDER : O R D E R ;
PARTITION : P A R T I T I O N ;
PARTITIONS : P A R T I T I O N S ;
PASSWORD : P A S S W O R D ;
PRIMARY : P R I M A R Y ;
PRIVILEGES : P R I V I L E G E S ;
PROPERTIES : P R O P E R T I E S ;
RANGE : R A N G E ;
RETURNS : R E T U R N S ;
REPLACE : R E P L A C E ;
REPLACE_IF_NOT_NULL : R E P L A C E '_' I F '_' N O T '_' N U L L ;
REVOKE : R E V O K E ;
ROLLBACK : R O L L B A C K ;
SCHEMA : S C H E M A ;
SCHEMAS : S C H E M A S ;
SELECT : S E L E C T ;
SESSION : S E S S I O N ;
SET : S E T ;
SHOW : S H O W ;
SUM : S U M ;
SYSTEM : S Y S T E M ;
TABLE : T A B L E ;
TABLES : T A B L E S ;
TABLET : T A B L E T ;
THAN : T H A N ;
TO : T O ;
TRUE_ : T R U E ;
TRUNCATE : T R U N C A T E ;
UNIQUE : U N I Q U E ;
USE : U S E ;
USER : U S E R ;
VALUES : V A L U E S ;
VARIABLES : V A R I A B L E S ;
VIEW : V I E W ;
WARNINGS : W A R N I N G S ;

EQ : '=' ;
COMMA : ',' ;
DOTDOTDOT : '...' ;
DOT : '.' ;
LPAREN : '(' ;
RPAREN : ')' ;
SEMI : ';' ;
STAR : '*' ;
MINUS : '-' ;
AT : '@' ;

SYSTEM_VARIABLE : '@@' (LETTER | DIGIT | '_' | '.')+ ;
INTEGER_VALUE : DIGIT+ ;
DECIMAL_VALUE : DIGIT+ '.' DIGIT* | '.' DIGIT+ ;
STRING
    : '"' ( ~('"' | '\\') | '\\' . | '""' )* '"'
    | '\'' ( ~('\'' | '\\') | '\\' . | '\'\'' )* '\''
    ;
IDENTIFIER : (LETTER | '_' | DIGIT)* (LETTER | '_') (LETTER | DIGIT | '_')* ;
BACKQUOTED_IDENTIFIER : '`' ( ~'`' | '``' )* '`' ;

SIMPLE_COMMENT : ('--' [ \t] ~[\r\n]* | '--' ('\r'? '\n' | EOF) | '#' ~[\r\n]*) -> channel(HIDDEN) ;
BRACKETED_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS : [ \t\r\n]+ -> channel(HIDDEN) ;
UNRECOGNIZED : . ;

fragment DIGIT : [0-9] ;
fragment LETTER : [a-zA-Z] ;
fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;
