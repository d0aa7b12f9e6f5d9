package dev.hcxmesh.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys the mesh services really read: every key of the services'
 * {@code application.properties}, of mesh-common's {@code microprofile-config.properties}, and of
 * every {@code @ConfigMapping} interface in the sources (methods in kebab-case under the prefix,
 * nested interfaces as groups).
 */
final class ServiceConfig {

    static final List<String> SERVICES = List.of("svc-ingest", "svc-vision-encoder", "svc-ocr-lens", "svc-decoder");

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern METHOD = Pattern.compile("^\\s*([\\w.]+(?:<[^;()]*>)?(?:\\[])?)\\s+(\\w+)\\(\\)\\s*;");

    private ServiceConfig() {}

    static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static Properties applicationProperties(Path root, String service) {
        return properties(root.resolve(service).resolve("src/main/resources/application.properties"));
    }

    /** Every known key, dotted form. */
    static Set<String> knownKeys(Path root) {
        Set<String> keys = new TreeSet<>();
        for (String s : SERVICES) {
            keys.addAll(applicationProperties(root, s).stringPropertyNames());
        }
        keys.addAll(properties(root.resolve("mesh-common/src/main/resources/META-INF/microprofile-config.properties"))
                .stringPropertyNames());
        keys.addAll(configMappingKeys(root));
        return keys;
    }

    /** Keys of every {@code @ConfigMapping} interface under the modules' src/main/java. */
    static Set<String> configMappingKeys(Path root) {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root, 14)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/.mesh/"))
                    .toList()) {
                String src = Files.readString(f);
                Matcher m = MAPPING.matcher(src);
                if (m.find()) {
                    keys.addAll(mappingKeys(m.group(1), src));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** Keys of one mapping interface's source: prefix.method, prefix.group.method for nested groups. */
    static Set<String> mappingKeys(String prefix, String src) {
        // interface name -> methods declared directly in it (name, return type)
        Map<String, Map<String, String>> methods = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Deque<Integer> depthAtOpen = new ArrayDeque<>();
        int depth = 0;
        String top = null;
        for (String line : src.split("\n")) {
            String code = line.replaceAll("//.*", "");
            Matcher im = INTERFACE.matcher(code);
            if (im.find() && code.contains("{")) {
                stack.push(im.group(1));
                depthAtOpen.push(depth);
                if (top == null) {
                    top = im.group(1);
                }
            } else if (!stack.isEmpty() && depth == depthAtOpen.peek() + 1) {
                Matcher mm = METHOD.matcher(code);
                if (mm.find()) {
                    methods.computeIfAbsent(stack.peek(), k -> new HashMap<>()).put(mm.group(2), mm.group(1));
                }
            }
            for (char c : code.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (!depthAtOpen.isEmpty() && depth == depthAtOpen.peek()) {
                        depthAtOpen.pop();
                        stack.pop();
                    }
                }
            }
        }
        Set<String> keys = new TreeSet<>();
        if (top != null) {
            collect(prefix, top, methods, keys, 0);
        }
        return keys;
    }

    private static void collect(
            String prefix, String iface, Map<String, Map<String, String>> methods, Set<String> keys, int level) {
        for (var e : methods.getOrDefault(iface, Map.of()).entrySet()) {
            String key = prefix + "." + kebab(e.getKey());
            String type = e.getValue();
            if (methods.containsKey(type) && level < 4) {
                collect(key, type, methods, keys, level + 1);
            } else {
                keys.add(key);
            }
        }
    }

    /** camelCase to kebab-case, as SmallRye Config names mapping methods. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The environment variable SmallRye Config looks up for a dotted key. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
