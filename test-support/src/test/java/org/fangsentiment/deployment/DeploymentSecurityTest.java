package org.fangsentiment.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment's security properties, read from {@code template.yaml}: what each function may
 * do and to what, who else may act on the stack's resources, encryption at rest, TLS in transit,
 * and that nothing faces the internet. {@code TemplateContractTest} (package {@code config}) holds
 * the template to the code; these tests go further on IAM and storage, and are written over every
 * resource of a type, so that a queue, bucket or statement added later is held to them too.
 * docs/security.md says which threat each test answers.
 */
class DeploymentSecurityTest {

    /**
     * Statements allowed a {@code *} or {@code ?} in an action, by Sid, with why. Only Denies
     * qualify (a wildcard in a Deny widens what is refused), and each needs a comment at its Sid in
     * template.yaml.
     */
    private static final Map<String, String> WILDCARD_ACTION_EXCEPTIONS = Map.of(
            "DenyInsecureTransport", "refuses every S3 action that arrives without TLS");

    /**
     * Statements allowed a {@code *} inside a resource ARN, by Sid, with why; each needs a comment at
     * its Sid in template.yaml. A bare {@code Resource: "*"} is not on this list: see
     * {@link #STAR_RESOURCE_EXCEPTION}.
     */
    private static final Map<String, String> WILDCARD_RESOURCE_EXCEPTIONS = Map.of(
            "DenyInsecureTransport", "every object of the output bucket, in a Deny",
            "WriteCsvUnderPrefix", "the CSV objects under the output prefix: one key per company, unknown in advance",
            "ReadCsvUnderPrefix", "ResultsReaderPolicy: the same CSV objects, read by a person querying them",
            "QueryResults", "ResultsReaderPolicy: Athena's result objects, named after each query's id");

    /**
     * ARNs in a statement that name no resource of this stack, with why; each is an ARN built from
     * the pseudo parameters, never a literal one.
     */
    private static final Map<String, String> ACCOUNT_RESOURCE_EXCEPTIONS = Map.of(
            "glue:catalog", "Glue authorises a Get on a database or table against the account's Data Catalog too");

    /** What a person who attaches ResultsReaderPolicy may do, by resource: docs/security.md's table. */
    private static final Set<String> ATHENA_QUERYING = Set.of("athena:GetWorkGroup", "athena:StartQueryExecution",
            "athena:StopQueryExecution", "athena:GetQueryExecution", "athena:BatchGetQueryExecution",
            "athena:ListQueryExecutions", "athena:GetQueryResults", "athena:ListNamedQueries", "athena:GetNamedQuery",
            "athena:BatchGetNamedQuery");
    private static final Set<String> GLUE_READING = Set.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables",
            "glue:GetPartition", "glue:GetPartitions");

    /**
     * The single statement allowed {@code Resource: "*"}, by Sid: Comprehend's detect actions support
     * no resource-level permissions (AWS's service authorization reference lists no resource type for
     * them). It must grant exactly {@link #COMPREHEND_ACTIONS}, to the consumer's role only, only under
     * {@link #COMPREHEND_CONDITION}, and carry a comment at its Sid.
     */
    static final String STAR_RESOURCE_EXCEPTION = "DetectSentimentWithComprehend";
    /** What the Comprehend engine calls. */
    static final Set<String> COMPREHEND_ACTIONS = Set.of("comprehend:DetectSentiment", "comprehend:BatchDetectSentiment");
    /** The template condition that is true when the SentimentEngine parameter selects Comprehend. */
    static final String COMPREHEND_CONDITION = "UseComprehend";

    /** What Lambda does with every function's role: write the function's logs. */
    private static final Set<String> LAMBDA_LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");

    /** What Lambda's SQS event source mapping does with the consumer's role (the code calls no SQS). */
    private static final Set<String> SQS_EVENT_SOURCE = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:GetQueueAttributes");

    /** Calls in a function's code that a deployment never makes, by function: action, and the variable that skips it. */
    private static final Map<String, Map<String, String>> NOT_CALLED_WHEN_DEPLOYED = Map.of(
            "ProducerFunction", Map.of("sqs:GetQueueUrl", "QUEUE_URL"));

    /**
     * Calls in a function's code made only when a parameter selects them, by function: action, and the
     * template condition under which the role grants it (and only then).
     */
    private static final Map<String, Map<String, String>> CALLED_ONLY_WHEN_CHOSEN = Map.of(
            "ConsumerFunction", Map.of("comprehend:DetectSentiment", COMPREHEND_CONDITION,
                    "comprehend:BatchDetectSentiment", COMPREHEND_CONDITION));

    /** Days an overwritten CSV version is kept; docs/deploy.md says the same. */
    static final int NONCURRENT_VERSION_DAYS = 30;

    /** The only resource types the stack may hold; a new type needs a security review and a test here. */
    private static final Set<String> REVIEWED_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::S3::Bucket",
            "AWS::S3::BucketPolicy", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy", "AWS::Logs::LogGroup", "AWS::IAM::Role",
            "AWS::Serverless::Function", "AWS::CloudWatch::Alarm", "AWS::Glue::Database", "AWS::Glue::Table",
            "AWS::Athena::WorkGroup", "AWS::Athena::NamedQuery", "AWS::IAM::ManagedPolicy", "AWS::CloudWatch::Dashboard",
            // the optional queue worker (EnableWorker): see the worker tests below
            "AWS::ECR::Repository", "AWS::ECS::Cluster", "AWS::ECS::TaskDefinition", "AWS::ECS::Service",
            "AWS::EC2::SecurityGroup", "AWS::ApplicationAutoScaling::ScalableTarget",
            "AWS::ApplicationAutoScaling::ScalingPolicy",
            // the alarms' notifications: see the notification tests below (topic policy, key policy, subscription)
            "AWS::KMS::Key", "AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription");

    /** What Lambda does with a role of a function with {@code Tracing: Active}: send its traces. */
    private static final Set<String> XRAY_WRITES = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    /**
     * Besides {@link #STAR_RESOURCE_EXCEPTION} (Comprehend, held by its own test), the Allow statements of roles
     * that may name {@code Resource: "*"}, by Sid, with the actions each may grant: actions without
     * resource-level permissions. Each needs a comment at its Sid. (In a KMS key policy {@code "*"} means the
     * key itself: see {@link #theAlarmTopicsKeyIsUsedOnlyByTheStacksAlarms}.)
     */
    private static final Map<String, Set<String>> STAR_RESOURCE_EXCEPTIONS = Map.of(
            "EcrLogin", Set.of("ecr:GetAuthorizationToken"),
            "WriteTraces", XRAY_WRITES,
            "PublishWorkerMetrics", Set.of("cloudwatch:PutMetricData"));

    /** The source of CloudWatch's requests for the stack's alarms: CloudFormation names each {@code <stack>-<id>-<suffix>}. */
    private static final Map<String, Object> ALARMS_OF_THIS_STACK = Map.of("Fn::Sub",
            "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-*");
    /** The account itself as a principal: only a KMS key's administration, delegated to IAM (KMS requires it). */
    private static final Map<String, Object> THIS_ACCOUNT = Map.of("AWS",
            Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"));
    /** What a key's users do with it; the administration statement grants none of them. */
    private static final Pattern KEY_USE = Pattern.compile("kms:(Encrypt|Decrypt|ReEncrypt.*|GenerateDataKey.*|Sign|Verify"
            + "|CreateGrant|GenerateMac|VerifyMac|DeriveSharedSecret)");

    /** The worker's code path that a deployment never takes: it is given QUEUE_URL. */
    private static final Map<String, String> WORKER_NOT_CALLED_WHEN_DEPLOYED = Map.of("sqs:GetQueueUrl", "QUEUE_URL");

    /** The modules whose code a function's jar runs, besides {@code common}: its own and the libraries it is built on. */
    private static final Map<String, List<String>> CODE_OF = Map.of(
            "consumer-lambda", List.of("consumer-lambda", "consumer-core"),
            "producer-lambda", List.of("producer-lambda"));

    /** The queue worker's code: its module and the consumer core (the image runs queue-worker.jar). */
    private static final List<String> WORKER_CODE = List.of("queue-worker", "consumer-core", "common");

    /** Resource types and properties that would give the stack an entry point from the internet. */
    private static final Set<String> PUBLIC_ENTRY_TYPES = Set.of("AWS::Lambda::Url", "AWS::Lambda::Permission",
            "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api",
            "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::CloudFront::Distribution");

    private static final Pattern SUB_RESOURCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)\\.Arn}.*");
    /** An ARN built from the pseudo parameters: service, then the part after the account. */
    private static final Pattern SUB_ARN = Pattern.compile(
            "arn:\\$\\{AWS::Partition}:([a-z0-9-]+):\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:(.+)");
    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    private static Template template;

    @BeforeAll
    static void load() throws IOException {
        template = Template.load();
    }

    // ------------------------------------------------------------------ IAM

    @Test
    void everyStatementNamesOnlyResourcesOfThisStack() {
        List<Template.Statement> statements = template.statements();
        assertFalse(statements.isEmpty());
        for (Template.Statement s : statements) {
            assertFalse(s.body().containsKey("NotResource") || s.body().containsKey("NotAction")
                    || s.body().containsKey("NotPrincipal"), "Not* elements invert the scope: " + s);
            if (s.policy().equals("AssumeRolePolicyDocument")) {
                continue; // a trust policy has no Resource; see trustPoliciesLetOnlyLambdaOrTheWorkersTasksAssumeTheRoles
            }
            assertFalse(s.resources().isEmpty(), "no Resource in " + s);
            if (template.type(s.resource()).equals("AWS::KMS::Key")) {
                assertEquals(List.of("*"), s.resources(), "in a key policy, \"*\" is the key itself: " + s);
                continue; // held in theAlarmTopicsKeyIsUsedOnlyByTheStacksAlarms
            }
            if (s.resources().equals(List.of("*"))) {
                if (STAR_RESOURCE_EXCEPTION.equals(s.sid())) {
                    continue; // held to its limits in theOneStarResourceIsComprehendsDetectActionsOnlyWhenChosen
                }
                assertEquals("Allow", s.effect(), s.toString());
                assertEquals(STAR_RESOURCE_EXCEPTIONS.get(s.sid()), Set.copyOf(s.actions()),
                        "Resource \"*\" only for actions without resource-level permissions: " + s);
                assertTrue(template.sidIsCommented(s.sid()), s.sid() + " needs a comment in template.yaml saying why");
                continue;
            }
            for (Object resource : s.resources()) {
                String logicalId = stackResourceOf(resource, s);
                assertTrue(template.resources().containsKey(logicalId) || ACCOUNT_RESOURCE_EXCEPTIONS.containsKey(logicalId),
                        "not a resource of this stack: " + resource);
                boolean wildcard = resource instanceof Map<?, ?> m && String.valueOf(m.get("Fn::Sub")).contains("*");
                if (wildcard) {
                    assertTrue(WILDCARD_RESOURCE_EXCEPTIONS.containsKey(s.sid()),
                            "a wildcard in " + resource + " of " + s.sid() + ", which is not a documented exception");
                    assertTrue(template.sidIsCommented(s.sid()), s.sid() + " needs a comment in template.yaml saying why");
                }
            }
        }
    }

    @Test
    void wildcardActionsOnlyInDocumentedDenies() {
        Set<String> used = new TreeSet<>();
        for (Template.Statement s : template.statements()) {
            for (String action : s.actions()) {
                assertTrue(action.matches("[a-z0-9-]+:[A-Za-z0-9*?]+"), "not service:Action: " + action + " in " + s);
                if (action.contains("*") || action.contains("?")) {
                    assertEquals("Deny", s.effect(), "a wildcard action may only widen a Deny: " + s);
                    assertTrue(WILDCARD_ACTION_EXCEPTIONS.containsKey(s.sid()), "undocumented wildcard action in " + s);
                    assertTrue(template.sidIsCommented(s.sid()), s.sid() + " needs a comment in template.yaml saying why");
                    used.add(s.sid());
                }
            }
        }
        assertEquals(WILDCARD_ACTION_EXCEPTIONS.keySet(), used, "stale exceptions: keep the list exact");
    }

    @Test
    void principalsAreNarrow() {
        for (Template.Statement s : template.statements()) {
            Object principal = s.body().get("Principal");
            boolean trust = s.policy().equals("AssumeRolePolicyDocument");
            boolean identity = !trust && Set.of("AWS::IAM::Role", "AWS::IAM::ManagedPolicy").contains(template.type(s.resource()));
            if (identity) {
                assertNull(principal, "an identity policy names no principal: " + s);
                continue;
            }
            assertNotNull(principal, "a resource or trust policy names its principal: " + s);
            if (THIS_ACCOUNT.equals(principal)) {
                assertEquals("AWS::KMS::Key", template.type(s.resource()), "the account as principal only in a key policy: " + s);
                assertEquals("KeyAdministration", s.sid(), s.toString());
                continue; // held in theAlarmTopicsKeyIsUsedOnlyByTheStacksAlarms
            }
            boolean everyone = "*".equals(principal) || (principal instanceof Map<?, ?> m && "*".equals(m.get("AWS")));
            if (everyone) {
                assertEquals("Deny", s.effect(), "only a Deny may name every principal: " + s);
                continue;
            }
            Map<String, Object> p = Template.map(principal, "Principal");
            assertEquals(Set.of("Service"), p.keySet(), "only AWS services are granted access: " + s);
            if (!trust && s.effect().equals("Allow")) {
                // The confused deputy: a service principal acts for every account unless the
                // condition ties it to this stack's own source.
                Map<String, Object> condition = Template.map(s.body().get("Condition"), "Condition of " + s.sid());
                Object source = condition.values().stream().map(c -> Template.map(c, "condition"))
                        .map(c -> c.get("aws:SourceArn")).filter(v -> v != null).findFirst()
                        .orElseThrow(() -> new AssertionError("no aws:SourceArn condition in " + s));
                if (ALARMS_OF_THIS_STACK.equals(source)) {
                    continue; // CloudWatch for this stack's alarms, named after the stack
                }
                String id = referencedId(source);
                assertTrue(template.isStackResource(id), "aws:SourceArn names " + id + ", not a resource of this stack");
            }
        }
    }

    @Test
    void trustPoliciesLetOnlyLambdaOrTheWorkersTasksAssumeTheRoles() {
        Map<String, Object> task = template.properties("WorkerTaskDefinition");
        Set<String> taskRoles = Set.of(referencedId(task.get("TaskRoleArn")), referencedId(task.get("ExecutionRoleArn")));
        for (String role : template.ofType("AWS::IAM::Role")) {
            Map<String, Object> trust = Template.map(template.properties(role).get("AssumeRolePolicyDocument"), role);
            for (Object st : (List<?>) trust.get("Statement")) {
                Map<String, Object> s = Template.map(st, "statement");
                assertEquals("Allow", s.get("Effect"));
                assertEquals(List.of("sts:AssumeRole"), Template.strings(s.get("Action")), role);
                if (taskRoles.contains(role)) {
                    assertEquals(Map.of("Service", "ecs-tasks.amazonaws.com"), s.get("Principal"), role);
                    // The confused deputy: only tasks of this account.
                    assertEquals(Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))),
                            s.get("Condition"), role);
                } else {
                    assertEquals(Map.of("Service", "lambda.amazonaws.com"), s.get("Principal"), role);
                }
            }
        }
    }

    @Test
    void theOneStarResourceIsComprehendsDetectActionsOnlyWhenChosen() {
        List<Template.Statement> star = template.statements().stream()
                .filter(s -> s.resources().contains("*") && !s.policy().equals("AssumeRolePolicyDocument")
                        && !STAR_RESOURCE_EXCEPTIONS.containsKey(s.sid())
                        && !template.type(s.resource()).equals("AWS::KMS::Key")).toList();
        // The roles that run the consumer's code: the function's, and the optional queue worker's task role.
        assertEquals(List.of("ConsumerRole", "WorkerTaskRole"), star.stream().map(Template.Statement::resource).toList(),
                "Resource \"*\" only for Comprehend, in the roles that score: " + star);
        for (Template.Statement s : star) {
            assertEquals(STAR_RESOURCE_EXCEPTION, s.sid());
            assertEquals("Allow", s.effect());
            assertEquals(List.of("*"), s.resources());
            assertEquals(COMPREHEND_ACTIONS, Set.copyOf(s.actions()));
            assertEquals(COMPREHEND_ACTIONS.size(), s.actions().size());
            assertEquals(COMPREHEND_CONDITION, s.condition(), "granted only when the SentimentEngine parameter selects it");
        }
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "SentimentEngine"), "comprehend")),
                Template.map(template.root.get("Conditions"), "Conditions").get(COMPREHEND_CONDITION));
        assertTrue(template.sidIsCommented(STAR_RESOURCE_EXCEPTION), STAR_RESOURCE_EXCEPTION + " needs a comment in template.yaml saying why");
    }

    /**
     * What each function can reach, exactly: docs/security.md's table. Neither function can write,
     * delete or change the table, read or list the bucket, or reach the other's resources.
     */
    @Test
    void eachFunctionReachesExactlyItsOwnResources() {
        Map<String, Map<String, Set<String>>> reach = new TreeMap<>();
        for (String function : template.ofType("AWS::Serverless::Function")) {
            String role = referencedId(template.properties(function).get("Role"));
            Map<String, Set<String>> byResource = new TreeMap<>();
            for (Template.Statement s : template.statements()) {
                if (s.resource().equals(role) && s.effect().equals("Allow") && !s.policy().equals("AssumeRolePolicyDocument")) {
                    for (Object r : s.resources()) {
                        String target = !"*".equals(r) ? stackResourceOf(r, s)
                                : s.condition() == null ? "*" : "* (when " + s.condition() + ")";
                        byResource.computeIfAbsent(target, k -> new TreeSet<>()).addAll(s.actions());
                    }
                }
            }
            reach.put(function, byResource);
        }
        assertEquals(Map.of(
                "ProducerFunction", Map.of(
                        "ProducerLogGroup", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        "CompanyTable", Set.of("dynamodb:Scan", "dynamodb:DescribeTable"),
                        "WorkQueue", Set.of("sqs:SendMessage", "sqs:GetQueueAttributes"),
                        "ScheduleFailureQueue", Set.of("sqs:SendMessage"),
                        "*", XRAY_WRITES,
                        // a run's continuations: sent by the code, received by Lambda's event source mapping
                        "ProducerContinuationQueue", Set.of("sqs:SendMessage", "sqs:ReceiveMessage",
                                "sqs:DeleteMessage", "sqs:GetQueueAttributes")),
                "ConsumerFunction", Map.of(
                        "ConsumerLogGroup", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        "WorkQueue", Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                        "OutputBucket", Set.of("s3:PutObject"),
                        "*", XRAY_WRITES,
                        "* (when UseComprehend)", COMPREHEND_ACTIONS)),
                reach, "a change here changes the threat model: update docs/security.md with it");
    }

    /**
     * ResultsReaderPolicy, for people who query the results: run queries in the stack's workgroup,
     * read the table's definition, read the CSVs, read and write Athena's results, exactly; it is
     * attached to no one by the stack, and no function role holds an Athena or Glue action.
     */
    @Test
    void resultsReaderPolicyGrantsQueryingAndNothingElse() throws IOException {
        String policy = "ResultsReaderPolicy";
        assertEquals("AWS::IAM::ManagedPolicy", template.type(policy));
        for (String attachment : List.of("Roles", "Users", "Groups")) {
            assertFalse(template.properties(policy).containsKey(attachment), policy + " is attached by its users, not here");
        }
        Map<String, Set<String>> reach = new TreeMap<>();
        Map<String, Set<String>> s3ByArn = new TreeMap<>();
        for (Template.Statement s : template.statements()) {
            if (!s.resource().equals(policy)) {
                continue;
            }
            assertEquals("Allow", s.effect(), s.toString());
            for (Object r : s.resources()) {
                reach.computeIfAbsent(stackResourceOf(r, s), k -> new TreeSet<>()).addAll(s.actions());
                if (r instanceof Map<?, ?> m && m.get("Fn::Sub") != null) {
                    s3ByArn.computeIfAbsent(String.valueOf(m.get("Fn::Sub")), k -> new TreeSet<>()).addAll(s.actions());
                }
            }
            if (s.actions().contains("s3:ListBucket")) {
                Object prefixes = Template.map(Template.map(s.body().get("Condition"), "Condition of " + s.sid())
                        .get("StringLike"), "StringLike").get("s3:prefix");
                assertEquals(List.of(Map.of("Fn::Sub", "${OutputPrefix}*"), "athena-results/*"), prefixes,
                        "listing only under the output prefix and the results prefix");
            }
        }
        assertEquals(Map.of(
                        "QueryWorkGroup", ATHENA_QUERYING,
                        "glue:catalog", GLUE_READING,
                        "QueryDatabase", GLUE_READING,
                        "SentimentTable", GLUE_READING,
                        "OutputBucket", Set.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads", "s3:ListBucket",
                                "s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts")),
                reach, "a change here changes the threat model: update docs/security.md with it");
        assertEquals(Map.of(
                        "${OutputBucket.Arn}/${OutputPrefix}*", Set.of("s3:GetObject"),
                        "${OutputBucket.Arn}/athena-results/*", Set.of("s3:GetObject", "s3:PutObject",
                                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts")),
                s3ByArn.entrySet().stream().filter(e -> e.getKey().startsWith("${OutputBucket.Arn}/"))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "the CSVs are read-only to readers; they write only Athena's results");

        for (Template.Statement s : template.statements()) {
            if (template.type(s.resource()).equals("AWS::IAM::Role")) {
                for (String action : s.actions()) {
                    assertFalse(action.startsWith("athena:") || action.startsWith("glue:"),
                            "querying is for people, not the functions: " + s);
                }
            }
        }
        String security = Files.readString(ProjectFiles.resolve("docs/security.md"));
        assertTrue(security.contains(policy), "docs/security.md documents " + policy);
    }

    /**
     * Each role grants what its function's code calls, read from the code (module and
     * {@code common}), plus what Lambda does with the role for the function, and nothing else: a
     * permission the code stops using, or a call the code starts making, fails here.
     */
    @Test
    void eachRoleGrantsExactlyWhatItsFunctionsCodeCalls() {
        for (String function : template.ofType("AWS::Serverless::Function")) {
            Map<String, Object> p = template.properties(function);
            String module = String.valueOf(p.get("CodeUri")).split("/")[0];
            List<Path> sources = new ArrayList<>();
            CODE_OF.getOrDefault(module, List.of(module)).forEach(m -> sources.add(ProjectFiles.resolve(m + "/src/main/java")));
            sources.add(ProjectFiles.resolve("common/src/main/java"));
            Set<String> called = new TreeSet<>(SdkCalls.actionsIn(sources.toArray(Path[]::new)));
            assertFalse(called.isEmpty(), module + ": no SDK call found; the reader is broken");
            Map<String, String> skipped = NOT_CALLED_WHEN_DEPLOYED.getOrDefault(function, Map.of());
            skipped.forEach((action, variable) -> {
                assertTrue(called.remove(action), function + " no longer calls " + action + ": drop the exception");
                Map<String, Object> variables = Template.map(Template.map(p.get("Environment"), function)
                        .get("Variables"), function + " variables");
                assertTrue(variables.containsKey(variable), function + " calls " + action + " unless " + variable
                        + " is set, and the template does not set it");
            });
            Set<String> expected = new TreeSet<>(called);
            expected.addAll(LAMBDA_LOGS);
            if ("Active".equals(p.getOrDefault("Tracing", globalFunctionProperty("Tracing")))) {
                expected.addAll(XRAY_WRITES); // Lambda sends the traces with the role
            }
            Map<String, Object> events = Template.map(p.getOrDefault("Events", Map.of()), function + ".Events");
            if (events.values().stream().anyMatch(e -> "SQS".equals(Template.map(e, "event").get("Type")))) {
                expected.addAll(SQS_EVENT_SOURCE);
            }
            if (String.valueOf(p.get("EventInvokeConfig")).contains("Type=SQS")) {
                expected.add("sqs:SendMessage"); // the on-failure destination, sent with the role
            }
            String role = referencedId(p.get("Role"));
            Set<String> granted = new TreeSet<>();
            Map<String, String> grantedUnderCondition = new TreeMap<>();
            for (Template.Statement s : template.statements()) {
                if (s.resource().equals(role) && s.effect().equals("Allow") && !s.policy().equals("AssumeRolePolicyDocument")) {
                    granted.addAll(s.actions());
                    if (s.condition() != null) {
                        s.actions().forEach(action -> grantedUnderCondition.put(action, s.condition()));
                    }
                }
            }
            assertEquals(new TreeMap<>(CALLED_ONLY_WHEN_CHOSEN.getOrDefault(function, Map.of())), grantedUnderCondition,
                    function + ": what the code calls only when a parameter chooses it is granted only under that choice");
            assertEquals(expected, granted, function + ": the role grants what the code calls ("
                    + called + ") and what Lambda needs, nothing else");
        }
    }

    private static Object globalFunctionProperty(String name) {
        return Template.map(Template.map(template.root.get("Globals"), "Globals").getOrDefault("Function", Map.of()),
                "Globals.Function").get(name);
    }

    /** What one role may do, by resource of this stack: its Allow statements. */
    private static Map<String, Set<String>> reachOf(String role) {
        Map<String, Set<String>> byResource = new TreeMap<>();
        for (Template.Statement s : template.statements()) {
            if (s.resource().equals(role) && s.effect().equals("Allow") && !s.policy().equals("AssumeRolePolicyDocument")) {
                for (Object r : s.resources()) {
                    byResource.computeIfAbsent("*".equals(r) ? "*" : stackResourceOf(r, s), k -> new TreeSet<>())
                            .addAll(s.actions());
                }
            }
        }
        return byResource;
    }

    /**
     * The worker's task role is the consumer function's role without Lambda's logs (the execution role
     * writes the task's logs) and with the one call Lambda's event source mapping makes for the
     * function: sqs:ChangeMessageVisibility. And it grants exactly what the worker's code calls.
     */
    @Test
    void theWorkerTaskRoleHasTheConsumersPermissionsAndExactlyWhatTheWorkerCalls() {
        Map<String, Object> task = template.properties("WorkerTaskDefinition");
        String taskRole = referencedId(task.get("TaskRoleArn"));
        Map<String, Set<String>> consumer = reachOf(referencedId(template.properties("ConsumerFunction").get("Role")));
        Map<String, Set<String>> expected = new TreeMap<>(consumer);
        expected.remove("ConsumerLogGroup");
        Set<String> queue = new TreeSet<>(expected.get("WorkQueue"));
        queue.add("sqs:ChangeMessageVisibility");
        expected.put("WorkQueue", queue);
        // The task is not traced (Lambda's X-Ray writes), and publishes its metrics itself (WorkerMetrics).
        Set<String> star = new TreeSet<>(expected.get("*"));
        star.removeAll(XRAY_WRITES);
        star.add("cloudwatch:PutMetricData");
        expected.put("*", star);
        assertEquals(expected, reachOf(taskRole),
                "the task role = the consumer's permissions + ChangeMessageVisibility + PutMetricData, without X-Ray");
        List<Template.Statement> metrics = template.statements().stream()
                .filter(s -> s.resource().equals(taskRole) && s.actions().contains("cloudwatch:PutMetricData")).toList();
        assertEquals(1, metrics.size());
        assertEquals(Map.of("StringEquals", Map.of("cloudwatch:namespace", MetricsLog.NAMESPACE)),
                metrics.get(0).body().get("Condition"), "PutMetricData only into the pipeline's namespace");

        Set<String> called = new TreeSet<>(SdkCalls.actionsIn(
                WORKER_CODE.stream().map(m -> ProjectFiles.resolve(m + "/src/main/java")).toArray(Path[]::new)));
        Map<String, Object> container = Template.map(((List<?>) task.get("ContainerDefinitions")).get(0), "container");
        Set<String> variables = new TreeSet<>();
        for (Object e : (List<?>) container.get("Environment")) {
            variables.add(String.valueOf(Template.map(e, "variable").get("Name")));
        }
        WORKER_NOT_CALLED_WHEN_DEPLOYED.forEach((action, variable) -> {
            assertTrue(called.remove(action), "the worker no longer calls " + action + ": drop the exception");
            assertTrue(variables.contains(variable), "the worker calls " + action + " unless " + variable + " is set");
        });
        Set<String> granted = new TreeSet<>();
        reachOf(taskRole).values().forEach(granted::addAll);
        assertEquals(called, granted, "the task role grants what the consumer's and the worker's code call, nothing else");

        assertEquals(Map.of(
                        "*", Set.of("ecr:GetAuthorizationToken"),
                        "WorkerRepository", Set.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
                        "WorkerLogGroup", Set.of("logs:CreateLogStream", "logs:PutLogEvents")),
                reachOf(referencedId(task.get("ExecutionRoleArn"))),
                "the execution role logs in to ECR, pulls the stack's image and writes the task's logs, nothing else");
    }

    @Test
    void theWorkerAcceptsNoConnectionsAndItsImagesAreScannedAndEncrypted() {
        for (String group : template.ofType("AWS::EC2::SecurityGroup")) {
            assertFalse(template.properties(group).containsKey("SecurityGroupIngress"), group + " has ingress rules");
            for (Object rule : (List<?>) template.properties(group).get("SecurityGroupEgress")) {
                assertEquals(443, Template.map(rule, "egress").get("FromPort"), group + ": outbound HTTPS only");
                assertEquals(443, Template.map(rule, "egress").get("ToPort"), group + ": outbound HTTPS only");
            }
        }
        assertTrue(template.ofType("AWS::EC2::SecurityGroupIngress").isEmpty(), "no ingress rule resources");
        for (String service : template.ofType("AWS::ECS::Service")) {
            assertFalse(template.properties(service).containsKey("LoadBalancers"), service + " behind a load balancer");
        }
        for (String repository : template.ofType("AWS::ECR::Repository")) {
            Map<String, Object> p = template.properties(repository);
            assertEquals(Map.of("ScanOnPush", true), p.get("ImageScanningConfiguration"), repository);
            assertTrue(Set.of("AES256", "KMS").contains(Template.map(p.get("EncryptionConfiguration"), repository)
                    .get("EncryptionType")), repository + ": encrypted");
            assertEquals("IMMUTABLE", p.get("ImageTagMutability"), repository + ": a tag names one image for ever");
            assertFalse(p.containsKey("RepositoryPolicyText"), repository + ": no policy that could open it to others");
            assertTrue(String.valueOf(p.get("LifecyclePolicy")).contains("imageCountMoreThan"), repository + ": lifecycle");
        }
        for (String task : template.ofType("AWS::ECS::TaskDefinition")) {
            for (Object c : (List<?>) template.properties(task).get("ContainerDefinitions")) {
                Map<String, Object> container = Template.map(c, "container");
                assertEquals("10001", container.get("User"), task + ": runs as the image's non-root user");
                assertEquals(Boolean.TRUE, container.get("ReadonlyRootFilesystem"), task);
                assertFalse(container.containsKey("PortMappings"), task + " listens on a port");
                assertFalse(Boolean.TRUE.equals(container.get("Privileged")), task + " is privileged");
            }
        }
    }

    // ------------------------------------------------------------------ notifications

    /**
     * Every alarm acts: the operator's alarms notify the one alarm topic when they go off and when they clear;
     * the worker's scaling alarms scale the service (their actions are its scaling policies).
     */
    @Test
    void everyAlarmHasActionsAndTheOperatorsAlarmsNotifyTheTopic() {
        List<String> topics = template.ofType("AWS::SNS::Topic");
        assertEquals(List.of("AlarmTopic"), topics, "one topic: the alarms'");
        Map<String, Object> topic = Map.of("Ref", "AlarmTopic");
        List<String> alarms = template.ofType("AWS::CloudWatch::Alarm");
        assertTrue(alarms.size() >= 5, alarms.toString());
        for (String alarm : alarms) {
            Map<String, Object> p = template.properties(alarm);
            List<?> actions = (List<?>) p.get("AlarmActions");
            assertTrue(actions != null && !actions.isEmpty(), alarm + " has no AlarmActions: it would tell nobody");
            boolean scaling = actions.stream().allMatch(a -> a instanceof Map<?, ?> m && m.get("Ref") instanceof String ref
                    && "AWS::ApplicationAutoScaling::ScalingPolicy".equals(template.type(ref)));
            if (scaling) {
                continue;
            }
            assertEquals(List.of(topic), actions, alarm + ": notifies the alarm topic when it goes off");
            assertEquals(List.of(topic), p.get("OKActions"), alarm + ": and when it clears");
        }
        Map<String, Object> subscription = template.properties("AlarmEmailSubscription");
        assertEquals(Map.of("TopicArn", topic, "Protocol", "email", "Endpoint", Map.of("Ref", "AlarmEmail")), subscription);
        assertEquals("HasAlarmEmail", Template.map(Template.map(template.root.get("Resources"), "Resources")
                .get("AlarmEmailSubscription"), "AlarmEmailSubscription").get("Condition"), "only when an address is given");
        assertEquals(List.of("AlarmEmailSubscription"), template.ofType("AWS::SNS::Subscription"), "no other subscriber");
    }

    /** The topic is encrypted with the stack's own key, and only the stack's alarms (through CloudWatch) publish to it. */
    @Test
    void onlyTheStacksAlarmsPublishToTheEncryptedTopic() {
        Map<String, Object> topic = template.properties("AlarmTopic");
        assertEquals(Map.of("Fn::GetAtt", List.of("AlarmTopicKey", "Arn")), topic.get("KmsMasterKeyId"),
                "encrypted with the stack's key (CloudWatch cannot use the AWS-managed SNS key)");
        List<String> policies = template.ofType("AWS::SNS::TopicPolicy");
        assertEquals(List.of("AlarmTopicPolicy"), policies);
        assertEquals(List.of(Map.of("Ref", "AlarmTopic")), template.properties("AlarmTopicPolicy").get("Topics"));
        List<Template.Statement> statements = template.statements().stream()
                .filter(s -> s.resource().equals("AlarmTopicPolicy")).toList();
        List<Template.Statement> allows = statements.stream().filter(s -> s.effect().equals("Allow")).toList();
        assertEquals(1, allows.size(), statements.toString());
        Template.Statement allow = allows.get(0);
        assertEquals(Map.of("Service", "cloudwatch.amazonaws.com"), allow.body().get("Principal"));
        assertEquals(List.of("sns:Publish"), allow.actions());
        assertEquals(List.of(Map.of("Ref", "AlarmTopic")), allow.resources());
        assertEquals(Map.of("ArnLike", Map.of("aws:SourceArn", ALARMS_OF_THIS_STACK),
                        "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))),
                allow.body().get("Condition"), "the stack's own alarms, in this account");
        List<Template.Statement> denies = statements.stream().filter(s -> s.effect().equals("Deny")).toList();
        assertEquals(1, denies.size());
        assertEquals("*", denies.get(0).body().get("Principal"));
        assertEquals(List.of("sns:Publish"), denies.get(0).actions());
        assertEquals(Map.of("StringNotEquals", Map.of("aws:PrincipalServiceName", "cloudwatch.amazonaws.com")),
                denies.get(0).body().get("Condition"), "everyone but CloudWatch is refused, IAM policies notwithstanding");
        assertTrue(template.sidIsCommented(denies.get(0).sid()));
    }

    /**
     * The topic's key: rotated; administered by the account through IAM (management actions only, no use of the
     * key), used only by CloudWatch for the stack's alarms (the two calls SNS makes for an encrypted publish).
     */
    @Test
    void theAlarmTopicsKeyIsUsedOnlyByTheStacksAlarms() {
        assertEquals(List.of("AlarmTopicKey"), template.ofType("AWS::KMS::Key"));
        Map<String, Object> key = template.properties("AlarmTopicKey");
        assertEquals(Boolean.TRUE, key.get("EnableKeyRotation"));
        Map<String, Template.Statement> bySid = new TreeMap<>();
        template.statements().stream().filter(s -> s.resource().equals("AlarmTopicKey")).forEach(s -> bySid.put(s.sid(), s));
        assertEquals(Set.of("KeyAdministration", "AlarmsUseTheKey"), bySid.keySet());
        Template.Statement admin = bySid.get("KeyAdministration");
        assertEquals("Allow", admin.effect());
        assertEquals(THIS_ACCOUNT, admin.body().get("Principal"));
        for (String action : admin.actions()) {
            assertFalse(KEY_USE.matcher(action).matches(), "the administration statement uses the key: " + action);
            assertFalse(action.contains("*"), action);
        }
        assertTrue(admin.actions().contains("kms:PutKeyPolicy"), "KMS refuses a key whose policy nobody can change");
        Template.Statement use = bySid.get("AlarmsUseTheKey");
        assertEquals(Map.of("Service", "cloudwatch.amazonaws.com"), use.body().get("Principal"));
        assertEquals(Set.of("kms:Decrypt", "kms:GenerateDataKey"), Set.copyOf(use.actions()));
        assertEquals(Map.of("ArnLike", Map.of("aws:SourceArn", ALARMS_OF_THIS_STACK),
                "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))), use.body().get("Condition"));
        assertTrue(template.sidIsCommented("KeyAdministration") && template.sidIsCommented("AlarmsUseTheKey"));
    }

    @Test
    void theCallReaderFindsCallsThroughFieldsParametersAndAccessors() {
        String source = """
                import software.amazon.awssdk.services.sqs.SqsClient;
                import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
                class X {
                    private final SqsClient sqs;
                    void run(DynamoDbClient dynamo, TableScanner scanner) {
                        this.sqs.sendMessageBatch(b -> b.queueUrl(u));
                        dynamo.scanPaginator(r -> r.tableName(t));
                        scanner.scan(sinks, keepGoing);
                        clients.s3().putObject(put, body);
                        mysqs.deleteMessage(d);
                    }
                }
                """;
        assertEquals(Set.of("sqs:SendMessage", "dynamodb:Scan", "s3:PutObject"), SdkCalls.actionsInFile(source));
    }

    // ------------------------------------------------------------------ storage

    @Test
    void theStackHoldsOnlyReviewedResourceTypes() {
        Set<String> unreviewed = new TreeSet<>();
        template.resources().keySet().forEach(id -> {
            if (!REVIEWED_TYPES.contains(template.type(id))) {
                unreviewed.add(id + " (" + template.type(id) + ")");
            }
        });
        assertEquals(Set.of(), unreviewed, "review these for encryption, access and exposure, then list their type here");
    }

    @Test
    void everyDataStoreIsEncryptedAtRest() {
        for (String table : template.ofType("AWS::DynamoDB::Table")) {
            assertEquals(Boolean.TRUE, Template.map(template.properties(table).get("SSESpecification"), table + ".SSESpecification")
                    .get("SSEEnabled"), table + ": KMS encryption at rest");
        }
        for (String queue : template.ofType("AWS::SQS::Queue")) {
            Map<String, Object> p = template.properties(queue);
            assertTrue(Boolean.TRUE.equals(p.get("SqsManagedSseEnabled")) || p.containsKey("KmsMasterKeyId"),
                    queue + ": SSE-SQS or SSE-KMS");
        }
        List<String> buckets = template.ofType("AWS::S3::Bucket");
        assertFalse(buckets.isEmpty());
        for (String bucket : buckets) {
            Map<String, Object> encryption = Template.map(template.properties(bucket).get("BucketEncryption"), bucket);
            List<?> rules = (List<?>) encryption.get("ServerSideEncryptionConfiguration");
            assertFalse(rules == null || rules.isEmpty(), bucket + ": no encryption rule");
            for (Object rule : rules) {
                Object algorithm = Template.map(Template.map(rule, "rule").get("ServerSideEncryptionByDefault"),
                        "ServerSideEncryptionByDefault").get("SSEAlgorithm");
                assertTrue(Set.of("AES256", "aws:kms", "aws:kms:dsse").contains(algorithm), bucket + ": " + algorithm);
            }
        }
    }

    @Test
    void bucketsAreNeverPublicAndAnswerOnlyOverTls() {
        for (String bucket : template.ofType("AWS::S3::Bucket")) {
            Map<String, Object> p = template.properties(bucket);
            assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true), p.get("PublicAccessBlockConfiguration"), bucket);
            assertTrue(String.valueOf(p.get("OwnershipControls")).contains("ObjectOwnership=BucketOwnerEnforced"),
                    bucket + ": ACLs disabled");
            for (String open : List.of("AccessControl", "WebsiteConfiguration", "CorsConfiguration")) {
                assertFalse(p.containsKey(open), bucket + " sets " + open);
            }
            List<Map<String, Object>> tlsDenies = new ArrayList<>();
            for (String policy : template.ofType("AWS::S3::BucketPolicy")) {
                if (!Map.of("Ref", bucket).equals(template.properties(policy).get("Bucket"))) {
                    continue;
                }
                for (Template.Statement s : template.statements()) {
                    if (s.resource().equals(policy) && s.effect().equals("Deny")
                            && "*".equals(s.body().get("Principal")) && s.actions().equals(List.of("s3:*"))
                            && isInsecureTransport(s.body().get("Condition"))) {
                        tlsDenies.add(s.body());
                        assertEquals(List.of(Map.of("Fn::GetAtt", List.of(bucket, "Arn")),
                                        Map.of("Fn::Sub", "${" + bucket + ".Arn}/*")), s.resources(),
                                "the TLS Deny covers the bucket and every object in it");
                    }
                }
            }
            assertEquals(1, tlsDenies.size(), bucket + ": one Deny of every S3 action without TLS, for everyone");
        }
    }

    @Test
    void queuesAnswerOnlyOverTls() {
        List<String> queues = template.ofType("AWS::SQS::Queue");
        assertEquals(5, queues.size(), "the work queue, its dead-letter queue, the schedule-failure queue, and the "
                + "producer's continuation queue and its dead-letter queue");
        for (String queue : queues) {
            List<String> policies = new ArrayList<>();
            for (String policy : template.ofType("AWS::SQS::QueuePolicy")) {
                if (template.properties(policy).get("Queues") instanceof List<?> named && named.contains(Map.of("Ref", queue))) {
                    policies.add(policy);
                }
            }
            // SQS keeps one policy per queue: a second QueuePolicy would silently replace the first.
            assertEquals(1, policies.size(), queue + ": one queue policy, got " + policies);
            long tlsDenies = template.statements().stream()
                    .filter(s -> s.resource().equals(policies.get(0)) && s.effect().equals("Deny")
                            && "*".equals(s.body().get("Principal")) && s.actions().equals(List.of("sqs:*"))
                            && isInsecureTransport(s.body().get("Condition")))
                    .peek(s -> assertEquals(List.of(Map.of("Fn::GetAtt", List.of(queue, "Arn"))), s.resources(),
                            "the TLS Deny covers the queue"))
                    .count();
            assertEquals(1, tlsDenies, queue + ": one Deny of every SQS action without TLS, for everyone");
        }
    }

    @Test
    void overwrittenObjectsAreKeptForTheDocumentedDays() throws IOException {
        for (String bucket : template.ofType("AWS::S3::Bucket")) {
            Map<String, Object> p = template.properties(bucket);
            assertEquals(Map.of("Status", "Enabled"), p.get("VersioningConfiguration"), bucket + ": versioning");
            List<?> rules = (List<?>) Template.map(p.get("LifecycleConfiguration"), bucket).get("Rules");
            List<Object> expiries = rules.stream().map(r -> Template.map(r, "rule"))
                    .filter(r -> "Enabled".equals(r.get("Status")) && r.containsKey("NoncurrentVersionExpiration"))
                    .map(r -> Template.map(r.get("NoncurrentVersionExpiration"), "expiration").get("NoncurrentDays"))
                    .toList();
            assertEquals(List.of(NONCURRENT_VERSION_DAYS), expiries, bucket + ": old versions expire, after the documented days");
        }
        String deploy = Files.readString(ProjectFiles.resolve("docs/deploy.md"));
        assertTrue(deploy.contains(NONCURRENT_VERSION_DAYS + " days") && deploy.contains("list-object-versions")
                && deploy.contains("--version-id"), "docs/deploy.md says how long versions are kept and how to restore one");
    }

    private static boolean isInsecureTransport(Object condition) {
        if (!(condition instanceof Map<?, ?> c) || !(c.get("Bool") instanceof Map<?, ?> bool)) {
            return false;
        }
        Object value = bool.get("aws:SecureTransport");
        return "false".equals(String.valueOf(value)) && c.size() == 1 && bool.size() == 1;
    }

    // ------------------------------------------------------------------ exposure

    @Test
    void nothingFacesTheInternet() {
        for (String id : template.resources().keySet()) {
            assertFalse(PUBLIC_ENTRY_TYPES.contains(template.type(id)), id + " is an entry point: " + template.type(id));
        }
        Map<String, Object> globals = Template.map(Template.map(template.root.get("Globals"), "Globals")
                .getOrDefault("Function", Map.of()), "Globals.Function");
        assertFalse(globals.containsKey("FunctionUrlConfig"), "a function URL in Globals");
        for (String function : template.ofType("AWS::Serverless::Function")) {
            Map<String, Object> p = template.properties(function);
            assertFalse(p.containsKey("FunctionUrlConfig"), function + " has a public URL");
            Map<String, Object> events = Template.map(p.getOrDefault("Events", Map.of()), function + ".Events");
            for (Map.Entry<String, Object> e : events.entrySet()) {
                Object type = Template.map(e.getValue(), e.getKey()).get("Type");
                assertTrue(Set.of("Schedule", "ScheduleV2", "SQS").contains(type),
                        function + "." + e.getKey() + " is triggered by " + type + ", not by a schedule or the queue");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The logical ID an ARN-valued element names: GetAtt X.Arn, Ref X, or a Sub starting with ${X.Arn}. */
    private static String stackResourceOf(Object value, Object where) {
        if (value instanceof Map<?, ?> m) {
            if (m.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2 && "Arn".equals(att.get(1))) {
                return String.valueOf(att.get(0));
            }
            if (m.get("Ref") instanceof String ref && template.resources().containsKey(ref)) {
                return ref;
            }
            if (m.get("Fn::Sub") instanceof String sub) {
                Matcher matcher = SUB_RESOURCE.matcher(sub);
                if (matcher.matches()) {
                    return matcher.group(1);
                }
                Matcher arn = SUB_ARN.matcher(sub);
                if (arn.matches()) {
                    return resourceInArn(arn.group(1), arn.group(2), value, where);
                }
            }
        }
        fail("not an ARN of a resource of this stack: " + value + " in " + where);
        return null;
    }

    /**
     * The resource an ARN built from the pseudo parameters names: the last {@code ${X}} after the
     * account ({@code table/${QueryDatabase}/${SentimentTable}} is SentimentTable), each of them a
     * resource of this stack; an ARN without one is {@code service:rest}, which must be a documented exception.
     */
    private static String resourceInArn(String service, String rest, Object value, Object where) {
        Matcher ref = SUB_REFERENCE.matcher(rest);
        String last = null;
        while (ref.find()) {
            assertTrue(template.resources().containsKey(ref.group(1)), ref.group() + " in " + value + " of " + where);
            last = ref.group(1);
        }
        if (last == null) {
            String account = service + ":" + rest;
            assertTrue(ACCOUNT_RESOURCE_EXCEPTIONS.containsKey(account), "an ARN of no resource of this stack: " + value
                    + " in " + where);
            return account;
        }
        assertFalse(rest.contains("*"), "a wildcard in " + value);
        return last;
    }

    private static String referencedId(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> att) {
            return String.valueOf(att.get(0));
        }
        if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String ref) {
            return ref;
        }
        throw new AssertionError("expected !GetAtt or !Ref: " + value);
    }
}
