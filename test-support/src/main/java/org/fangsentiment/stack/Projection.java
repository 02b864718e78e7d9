package org.fangsentiment.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A {@code ProjectionExpression} of top-level attribute names, with its
 * {@code ExpressionAttributeNames}, checked as DynamoDB checks it: a reserved word must come through
 * a {@code #placeholder}, every placeholder must be defined and every defined one used, and no path
 * may be named twice. Nested paths ({@code a.b}, {@code a[0]}) are refused as not supported here
 * rather than answered wrongly.
 */
final class Projection {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("#[A-Za-z0-9_]+");
    private static final Set<String> RESERVED = loadReservedWords();

    private final Set<String> attributes;

    private Projection(Set<String> attributes) {
        this.attributes = attributes;
    }

    /**
     * The projection a request asks for, or null when it asks for whole items.
     *
     * @throws DynamoDbServer.DynamoException a {@code ValidationException} worded as DynamoDB's
     */
    static Projection of(JsonNode request) {
        JsonNode expression = request.get("ProjectionExpression");
        JsonNode names = request.get("ExpressionAttributeNames");
        Set<String> unused = new TreeSet<>();
        if (names != null && names.isObject()) {
            names.fieldNames().forEachRemaining(unused::add);
        }
        if (expression == null) {
            if (!unused.isEmpty()) {
                throw unused(unused);
            }
            return null;
        }
        String text = expression.asText();
        if (text.isBlank()) {
            throw DynamoDbServer.validation("Invalid ProjectionExpression: The expression can not be empty;");
        }
        Set<String> attributes = new LinkedHashSet<>();
        Set<String> paths = new HashSet<>();
        for (String raw : text.split(",", -1)) {
            String path = raw.strip();
            if (path.isEmpty()) {
                throw DynamoDbServer.validation("Invalid ProjectionExpression: Syntax error; token: \",\", near: \""
                        + text.strip() + "\"");
            }
            if (path.contains(".") || path.contains("[")) {
                throw DynamoDbServer.validation("ProjectionExpression with a nested path is not supported by this emulator: "
                        + path);
            }
            String attribute;
            if (PLACEHOLDER.matcher(path).matches()) {
                JsonNode value = names == null ? null : names.get(path);
                if (value == null || !value.isTextual()) {
                    throw DynamoDbServer.validation("Invalid ProjectionExpression: An expression attribute name used in "
                            + "the document path is not defined; attribute name: " + path);
                }
                unused.remove(path);
                attribute = value.asText();
            } else if (NAME.matcher(path).matches()) {
                if (RESERVED.contains(path.toUpperCase(Locale.ROOT))) {
                    throw DynamoDbServer.validation("Invalid ProjectionExpression: Attribute name is a reserved keyword; "
                            + "reserved keyword: " + path);
                }
                attribute = path;
            } else {
                throw DynamoDbServer.validation("Invalid ProjectionExpression: Syntax error; token: \"" + path + "\"");
            }
            if (!paths.add(path) || !attributes.add(attribute)) {
                throw DynamoDbServer.validation("Invalid ProjectionExpression: Two document paths overlap with each "
                        + "other; must remove or rewrite one of these paths; path one: [" + path + "], path two: ["
                        + path + "]");
            }
        }
        if (!unused.isEmpty()) {
            throw unused(unused);
        }
        return new Projection(Set.copyOf(attributes));
    }

    /** The item with only the projected attributes (an attribute the item lacks is simply absent). */
    ObjectNode apply(ObjectNode item) {
        ObjectNode projected = item.objectNode();
        item.fields().forEachRemaining(field -> {
            if (attributes.contains(field.getKey())) {
                projected.set(field.getKey(), field.getValue());
            }
        });
        return projected;
    }

    private static DynamoDbServer.DynamoException unused(Set<String> keys) {
        return DynamoDbServer.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                + String.join(", ", keys) + "}");
    }

    private static Set<String> loadReservedWords() {
        try (InputStream in = Objects.requireNonNull(Projection.class.getResourceAsStream("dynamodb-reserved-words.txt"),
                "dynamodb-reserved-words.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Set<String> words = new HashSet<>();
            reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(words::add);
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
