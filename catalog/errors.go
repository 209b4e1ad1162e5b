package catalog

import (
	"fmt"
	"strings"

	"github.com/fulgur/fulgur/sqlerr"
)

// The constructors below produce the errors Spark's session catalog and its DDL commands
// raise, with parameters quoted as Spark quotes them (checked against Spark 4.2 in
// testdata/golden.json). Callers that know the name as the user wrote it (the analyzer)
// may build their own TABLE_OR_VIEW_NOT_FOUND with TableNotFound.

func errSchemaExists(db string) error {
	return sqlerr.New("SCHEMA_ALREADY_EXISTS", "schemaName", dbQuoted(db))
}

func errSchemaNotFound(db string) error {
	return sqlerr.New("SCHEMA_NOT_FOUND", "schemaName", dbQuotedFull(db))
}

func errSchemaNotEmpty(db string) error {
	return sqlerr.New("SCHEMA_NOT_EMPTY", "schemaName", dbQuoted(db))
}

func errDropDefault() error {
	return sqlerr.New("UNSUPPORTED_FEATURE.DROP_DATABASE", "database", dbQuotedFull(DefaultDB))
}

func errTableExists(quoted string) error {
	return sqlerr.New("TABLE_OR_VIEW_ALREADY_EXISTS", "relationName", quoted)
}

// TableNotFound returns TABLE_OR_VIEW_NOT_FOUND for a name as written (each part is
// quoted) and the search path Spark reports (each entry a list of parts), e.g.
// TableNotFound([]string{"t"}, [][]string{{"system","session"},{"spark_catalog","default"}}).
func TableNotFound(nameParts []string, searchPath [][]string) error {
	sp := make([]string, len(searchPath))
	for i, p := range searchPath {
		sp[i] = quoteParts(p...)
	}
	return sqlerr.New("TABLE_OR_VIEW_NOT_FOUND", "relationName", quoteParts(nameParts...),
		"searchPath", "["+strings.Join(sp, ", ")+"]")
}

// errTableNotFound is what Spark's DROP TABLE reports: the fully qualified name and the
// table's own database as search path.
func errTableNotFound(id Ident) error {
	return TableNotFound([]string{SessionCatalogName, id.DB, id.Name}, [][]string{{SessionCatalogName, id.DB}})
}

func errInvalidName(name string) error {
	return sqlerr.New("INVALID_SCHEMA_OR_RELATION_NAME", "name", quoteParts(strings.Split(strings.ToLower(name), ".")...))
}

func errColumnExists(name string) error {
	return sqlerr.New("COLUMN_ALREADY_EXISTS", "columnName", QuoteIdent(strings.ToLower(name)))
}

func errLocationExists(id Ident, loc string) error {
	return sqlerr.New("LOCATION_ALREADY_EXISTS", "identifier", id.QuotedFull(), "location", "'"+loc+"'")
}

func errRenameAcrossDB(db, newDB string) error {
	return sqlerr.New("_LEGACY_ERROR_TEMP_1073", "db", db, "newDb", newDB)
}

func errTableOperation(id Ident, op string) error {
	return sqlerr.New("UNSUPPORTED_FEATURE.TABLE_OPERATION", "tableName", id.QuotedFull(), "operation", op)
}

// errWrongObject is DROP VIEW on a table: Spark names the object unquoted.
func errWrongObject(id Ident, op, found, required, alternative string) error {
	return sqlerr.New("WRONG_COMMAND_FOR_OBJECT_TYPE", "operation", op, "requiredType", required,
		"objectName", SessionCatalogName+"."+id.DB+"."+id.Name, "foundType", found, "alternative", alternative)
}

func errExpectView(id Ident, op string) error {
	return sqlerr.New("EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE", "tableName", id.QuotedFull(), "operation", op)
}

func errExpectTable(id Ident, op string) error {
	return sqlerr.New("EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", "viewName", id.QuotedFull(), "operation", op)
}

func errNotPartitioned(id Ident) error {
	return sqlerr.New("INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY", "name", id.QuotedFull())
}

func errPartitionsExist(id Ident, list string) error {
	return sqlerr.New("PARTITIONS_ALREADY_EXIST", "partitionList", list, "tableName", id.Quoted())
}

func errPartitionsNotFound(id Ident, list string) error {
	return sqlerr.New("PARTITIONS_NOT_FOUND", "partitionList", list, "tableName", id.Quoted())
}

func errBadPartitionSpec(id Ident, keys, cols []string) error {
	return sqlerr.New("_LEGACY_ERROR_TEMP_1232", "specKeys", strings.Join(keys, ", "),
		"partitionColumnNames", strings.Join(cols, ", "), "tableName", id.QuotedFull())
}

// errCorrupt reports an undecodable store record.
func errCorrupt(key string, err error) error {
	return sqlerr.Internal(fmt.Errorf("catalog: corrupt record %q: %w", key, err))
}
