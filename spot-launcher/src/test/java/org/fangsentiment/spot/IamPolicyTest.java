package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/spot-launcher-iam.json honest: it grants every call the CLI makes, by explicit action
 * names only, "*" resources only where EC2 has no resource-level permissions, and nothing
 * account-specific anywhere in the module or its docs.
 */
class IamPolicyTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");

    private static JsonNode policy() throws IOException {
        return Json.mapper().readTree(DOCS.resolve("spot-launcher-iam.json").toFile());
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    @Test
    void grantsEveryCallTheCliMakes() throws IOException {
        Set<String> granted = new TreeSet<>();
        policy().get("Statement").forEach(s -> granted.addAll(strings(s.get("Action"))));
        assertTrue(granted.containsAll(List.of(
                "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeInstances", "ec2:DescribeSpotPriceHistory",
                "ec2:RunInstances", "ec2:CreateTags", "ec2:TerminateInstances", "ssm:GetParameter", "iam:PassRole")),
                granted::toString);
    }

    @Test
    void namesActionsExplicitlyAndUsesStarResourcesOnlyForDescribeCalls() throws IOException {
        for (JsonNode statement : policy().get("Statement")) {
            assertEquals("Allow", statement.get("Effect").asText());
            List<String> actions = strings(statement.get("Action"));
            actions.forEach(a -> assertFalse(a.contains("*") || a.contains("?"), "wildcard action " + a));
            if (strings(statement.get("Resource")).contains("*")) {
                actions.forEach(a -> assertTrue(a.startsWith("ec2:Describe"), "only Describe calls need Resource *: " + a));
            }
        }
    }

    @Test
    void terminationAndLaunchAreConditionedOnTheLaunchersTag() throws IOException {
        boolean terminate = false;
        boolean run = false;
        for (JsonNode statement : policy().get("Statement")) {
            List<String> actions = strings(statement.get("Action"));
            JsonNode condition = statement.path("Condition").path("StringEquals");
            if (actions.contains("ec2:TerminateInstances")) {
                terminate = LauncherTags.LAUNCHED_BY_VALUE.equals(
                        condition.path("aws:ResourceTag/" + LauncherTags.LAUNCHED_BY).asText());
            }
            if (actions.contains("ec2:RunInstances") && strings(statement.get("Resource")).contains("arn:aws:ec2:*:*:instance/*")) {
                run = LauncherTags.LAUNCHED_BY_VALUE.equals(condition.path("aws:RequestTag/" + LauncherTags.LAUNCHED_BY).asText())
                        && "spot".equals(condition.path("ec2:InstanceMarketType").asText());
            }
        }
        assertTrue(terminate, "TerminateInstances requires the launched-by tag");
        assertTrue(run, "RunInstances requires the launched-by tag and the spot market");
    }

    @Test
    void nothingAccountSpecificInSourcesOrDocs() throws IOException {
        List<Path> files = new ArrayList<>(List.of(DOCS.resolve("spot-launcher.md"), DOCS.resolve("spot-launcher-iam.json"),
                Path.of("pom.xml")));
        try (Stream<Path> sources = Files.walk(Path.of("src"))) {
            sources.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            assertTrue(Files.exists(file), "missing " + file);
            assertFalse(ACCOUNT_ID.matcher(Files.readString(file)).find(), "12-digit number (account id?) in " + file);
        }
    }
}
