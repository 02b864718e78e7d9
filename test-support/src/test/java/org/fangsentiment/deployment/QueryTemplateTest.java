package org.fangsentiment.deployment;

import static org.fangsentiment.deployment.Template.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.PipelineContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template's query side: the Glue table reads the CSVs exactly as the consumer writes them
 * (columns of {@code CsvRow.HEADER} in order, the CSV dialect, the key layout of
 * {@code ObjectKeys} as partition projection), the Athena workgroup keeps its encrypted results in a
 * prefix of their own, and the saved queries run there against the table. When the CSV gains a
 * column, {@link #tableColumnsAreTheCsvHeaderInOrder} fails until the table has it too.
 */
class QueryTemplateTest {

    private static final String TABLE = "SentimentTable";
    private static final String DATABASE = "QueryDatabase";
    private static final String WORKGROUP = "QueryWorkGroup";
    private static final String READER_POLICY = "ResultsReaderPolicy";
    private static final Pattern RESULTS_LOCATION = Pattern.compile("s3://\\$\\{OutputBucket}/([a-z0-9-]+/)");

    private static Template template;

    @BeforeAll
    static void load() throws IOException {
        template = Template.load();
    }

    // ------------------------------------------------------------------ the table

    @Test
    void tableColumnsAreTheCsvHeaderInOrder() {
        List<String> columns = columns().stream().map(c -> String.valueOf(c.get("Name"))).toList();
        assertEquals(CodeFacts.csvHeader(), columns,
                "the Glue table's columns must be CsvRow.HEADER in order: OpenCSVSerde maps cells by position");
    }

    /** OpenCSVSerde fails a query on an empty cell in a numeric column; a failed lookup leaves them empty. */
    @Test
    void everyColumnIsAString() {
        for (Map<String, Object> column : columns()) {
            assertEquals("string", column.get("Type"), column + ": OpenCSVSerde cannot read an empty cell as a number");
            assertNotNull(column.get("Comment"), column + ": say what the column holds");
        }
    }

    @Test
    void tableReadsTheFilesInTheDialectCsvRowWrites() {
        String writer = CodeFacts.csvRowSource();
        assertTrue(writer.contains("CSVFormat.RFC4180.builder()") && writer.contains(".setHeader(HEADER"),
                "CsvRow writes RFC 4180 with its header line; the table's SerDe settings assume both");
        for (String changed : List.of(".setDelimiter(", ".setQuote(", ".setEscape(")) {
            assertFalse(writer.contains(changed), "CsvRow changes RFC 4180's " + changed + "; change the SerDe with it");
        }
        Map<String, Object> storage = storage();
        Map<String, Object> serde = map(storage.get("SerdeInfo"), "SerdeInfo");
        assertEquals("org.apache.hadoop.hive.serde2.OpenCSVSerde", serde.get("SerializationLibrary"),
                "quoted fields need OpenCSVSerde (LazySimpleSerDe splits inside quotes)");
        Map<String, Object> serdeParameters = map(serde.get("Parameters"), "SerdeInfo.Parameters");
        assertEquals(",", serdeParameters.get("separatorChar"));
        assertEquals("\"", serdeParameters.get("quoteChar"));
        assertEquals("org.apache.hadoop.mapred.TextInputFormat", storage.get("InputFormat"));
        assertEquals("1", tableParameters().get("skip.header.line.count"), "every file starts with the header line");
        assertEquals("EXTERNAL_TABLE", tableInput().get("TableType"), "dropping the table must keep the files");
    }

    @Test
    void tableIsPartitionedByTheKeysDayWithProjection() {
        String key = PipelineContract.PARTITION_KEY;
        List<?> partitionKeys = (List<?>) tableInput().get("PartitionKeys");
        assertEquals(1, partitionKeys.size(), "one partition key");
        Map<String, Object> partition = map(partitionKeys.get(0), "partition key");
        assertEquals(key, partition.get("Name"), "the partition is the key's " + key + "=... segment (ObjectKeys)");
        assertEquals("string", partition.get("Type"));

        Map<String, Object> p = tableParameters();
        assertEquals("true", p.get("projection.enabled"), "partition projection: new days need no crawler");
        assertEquals("date", p.get("projection." + key + ".type"));
        String format = String.valueOf(p.get("projection." + key + ".format"));
        assertEquals(PipelineContract.PARTITION_DATE_FORMAT, format, "the day as ObjectKeys writes it");
        String[] range = String.valueOf(p.get("projection." + key + ".range")).split(",");
        assertEquals(2, range.length, "range: first day, NOW");
        LocalDate.parse(range[0], DateTimeFormatter.ofPattern(format));
        assertEquals("NOW", range[1], "the range ends today, so every new day is there without a deploy");
        assertEquals(Map.of("Fn::Sub", "s3://${OutputBucket}/${OutputPrefix}" + key + "=${!" + key + "}/"),
                p.get("storage.location.template"), "each day's partition is where ObjectKeys puts that day's CSVs");
        assertEquals(Map.of("Fn::Sub", "s3://${OutputBucket}/${OutputPrefix}"), storage().get("Location"));
    }

    @Test
    void tableReadsTheBucketAndPrefixTheConsumerWritesTo() {
        Map<String, Object> variables = map(map(template.properties("ConsumerFunction").get("Environment"),
                "Environment").get("Variables"), "Variables");
        assertEquals(Map.of("Ref", "OutputBucket"), variables.get(ConsumerConfig.ENV_BUCKET_NAME));
        assertEquals(Map.of("Ref", "OutputPrefix"), variables.get(ConsumerConfig.ENV_OUTPUT_PREFIX));
        assertEquals(Map.of("Ref", DATABASE), template.properties(TABLE).get("DatabaseName"));
        assertEquals("AWS::Glue::Database", template.type(DATABASE));
        assertEquals(Map.of("Ref", "QueryDatabaseName"),
                map(template.properties(DATABASE).get("DatabaseInput"), "DatabaseInput").get("Name"));
        for (String id : List.of(DATABASE, TABLE)) {
            assertEquals(Map.of("Ref", "AWS::AccountId"), template.properties(id).get("CatalogId"), id);
        }
    }

    // ------------------------------------------------------------------ the workgroup and its results

    @Test
    void workgroupEnforcesEncryptedResultsInTheOutputBucket() {
        Map<String, Object> config = map(template.properties(WORKGROUP).get("WorkGroupConfiguration"), WORKGROUP);
        assertEquals(Boolean.TRUE, config.get("EnforceWorkGroupConfiguration"),
                "a client must not be able to send results elsewhere or unencrypted");
        assertNotNull(config.get("BytesScannedCutoffPerQuery"), "a cap on what one query may scan");
        Map<String, Object> result = map(config.get("ResultConfiguration"), "ResultConfiguration");
        resultsPrefix();
        assertEquals(Map.of("Ref", "AWS::AccountId"), result.get("ExpectedBucketOwner"));
        Map<String, Object> encryption = map(result.get("EncryptionConfiguration"), "EncryptionConfiguration");
        String bucketAlgorithm = String.valueOf(map(map(((List<?>) map(template.properties("OutputBucket")
                .get("BucketEncryption"), "BucketEncryption").get("ServerSideEncryptionConfiguration")).get(0), "rule")
                .get("ServerSideEncryptionByDefault"), "default").get("SSEAlgorithm"));
        assertEquals(bucketAlgorithm.equals("AES256") ? "SSE_S3" : "SSE_KMS", encryption.get("EncryptionOption"),
                "results encrypted as the bucket encrypts (" + bucketAlgorithm + ")");
    }

    /**
     * The results prefix is outside every partition the table reads, the output prefix can never be
     * set under it, the results expire, and only the results prefix is writable by readers.
     */
    @Test
    void queryResultsNeverMixWithTheCsvFiles() {
        String results = resultsPrefix();
        assertFalse(results.startsWith(PipelineContract.PARTITION_KEY + "="),
                "with an empty OutputPrefix the partitions start at the bucket's root: results must not look like one");
        Pattern allowed = Pattern.compile(String.valueOf(map(map(template.root.get("Parameters"), "Parameters")
                .get("OutputPrefix"), "OutputPrefix").get("AllowedPattern")));
        assertTrue(allowed.matcher(ConsumerConfig.DEFAULT_OUTPUT_PREFIX).matches(), "the default prefix is allowed");
        assertTrue(allowed.matcher("").matches(), "the empty prefix is allowed");
        for (String under : List.of(results, results + "csv/", results + "a/b/")) {
            assertFalse(allowed.matcher(under).matches(), "OutputPrefix " + under + " would put CSVs among query results");
        }

        List<?> rules = (List<?>) map(template.properties("OutputBucket").get("LifecycleConfiguration"), "lifecycle")
                .get("Rules");
        boolean expires = rules.stream().map(r -> map(r, "rule")).anyMatch(r -> "Enabled".equals(r.get("Status"))
                && results.equals(r.get("Prefix")) && r.get("ExpirationInDays") instanceof Number);
        assertTrue(expires, "query results expire (a lifecycle rule on " + results + ")");

        Set<Object> writable = new HashSet<>();
        for (Template.Statement s : template.statements()) {
            if (s.resource().equals(READER_POLICY) && s.actions().contains("s3:PutObject")) {
                writable.addAll(s.resources());
            }
        }
        assertEquals(Set.of(Map.of("Fn::Sub", "${OutputBucket.Arn}/" + results + "*")), writable,
                "readers write only under the results prefix");
    }

    @Test
    void savedQueriesRunInTheWorkgroupAgainstTheTable() {
        List<String> queries = template.ofType("AWS::Athena::NamedQuery");
        assertTrue(queries.size() >= 3, "latest label, label changes, counts per day: " + queries);
        String tableName = String.valueOf(tableInput().get("Name"));
        Set<Object> names = new HashSet<>();
        for (String query : queries) {
            Map<String, Object> p = template.properties(query);
            assertTrue(names.add(p.get("Name")), "two saved queries named " + p.get("Name"));
            assertEquals(Map.of("Ref", WORKGROUP), p.get("WorkGroup"), query);
            assertEquals(Map.of("Ref", DATABASE), p.get("Database"), query);
            String sql = String.valueOf(map(p.get("QueryString"), query + ".QueryString").get("Fn::Sub"));
            assertTrue(sql.contains("FROM ${" + TABLE + "}"), query + " reads the table through its reference");
            assertFalse(sql.contains(tableName), query + " names the table literally");
            assertNotNull(p.get("Description"), query);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The workgroup's result prefix, from its OutputLocation. */
    private static String resultsPrefix() {
        Map<String, Object> result = map(map(template.properties(WORKGROUP).get("WorkGroupConfiguration"), WORKGROUP)
                .get("ResultConfiguration"), "ResultConfiguration");
        String location = String.valueOf(map(result.get("OutputLocation"), "OutputLocation").get("Fn::Sub"));
        Matcher m = RESULTS_LOCATION.matcher(location);
        assertTrue(m.matches(), "results go to a prefix of their own in the output bucket: " + location);
        return m.group(1);
    }

    private static Map<String, Object> tableInput() {
        assertEquals("AWS::Glue::Table", template.type(TABLE));
        return map(template.properties(TABLE).get("TableInput"), "TableInput");
    }

    private static Map<String, Object> tableParameters() {
        return map(tableInput().get("Parameters"), "TableInput.Parameters");
    }

    private static Map<String, Object> storage() {
        return map(tableInput().get("StorageDescriptor"), "StorageDescriptor");
    }

    private static List<Map<String, Object>> columns() {
        return ((List<?>) storage().get("Columns")).stream().map(c -> map(c, "column")).toList();
    }
}
