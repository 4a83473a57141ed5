package dev.ep.assignment.core;

import static dev.ep.assignment.core.Experiments.experiment;
import static dev.ep.assignment.core.Experiments.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hot path compiles each request once against its snapshot ({@link RequestContext}: targeting through the
 * snapshot's shared rules, unit ids hashed from bytes encoded once). Its assignments must equal the plain
 * per-experiment evaluation of {@link CompiledConfig#explain} (every targeting evaluated on its own over the
 * attribute map, every hash from the unit id's text), for random configurations whose experiments share some rules
 * and have their own others, with QA overrides, both unit types and a holdout, and random contexts.
 */
class CompiledRequestEquivalenceTest {

    private static final String[] ATTRIBUTES = {"country", "cart", "device", "tier", "age"};
    private static final String[] TEXTS = {"DE", "FR", "tv", "mobile", "gold", "", "0", "10", "42.5", "-3", "1e2",
        "007", "ü", "\uD83D\uDE00", "\uD800"};
    private static final String[] PAGES = {"home", "cart", "product", "checkout"};

    @Test
    void shouldAssignAsThePlainPerExperimentEvaluationWhenRulesArePartlySharedAndContextsRandom() {
        int assigned = 0;
        int forced = 0;
        int heldOut = 0;
        for (int seed = 0; seed < 60; seed++) {
            // given
            Random random = new Random(seed);
            List<String> shared = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                shared.add(targeting(random));
            }
            CompiledConfig config = Experiments.compile(config(random, shared).toArray(ConfigChange[]::new));

            for (int r = 0; r < 300; r++) {
                AssignmentRequest request = request(random);

                // when
                Assignment fast = config.assign(request);

                // then
                assertThat(fast).as("seed %d, %s", seed, request).isEqualTo(config.explain(request).assignment());
                assertThat(fast.holdout()).isEqualTo(config.membership(request));
                assigned += fast.assigned().size();
                forced += (int) fast.assigned().stream().filter(LayerOutcome.Assigned::forced).count();
                heldOut += fast.holdout().member() ? 1 : 0;
            }
        }
        // the random configurations do assign, force and hold out (the comparison is not between empty results)
        assertThat(assigned).isGreaterThan(1_000);
        assertThat(forced).isPositive();
        assertThat(heldOut).isPositive();
    }

    private static List<ConfigChange> config(Random random, List<String> sharedTargetings) {
        List<ConfigChange> changes = new ArrayList<>();
        long sequence = 1;
        UnitType[] units = {UnitType.SESSION, UnitType.USER, UnitType.SESSION, UnitType.SESSION};
        for (int l = 0; l < units.length; l++) {
            changes.add(Experiments.layer(sequence++, "layer-" + l + "-".repeat(l), units[l]));
        }
        changes.add(Experiments.holdout(sequence++, random.nextInt(3_000),
                random.nextBoolean() ? UnitType.USER : UnitType.SESSION));
        int n = 4 + random.nextInt(30);
        for (int i = 0; i < n; i++) {
            int l = i % units.length;
            int start = (i / units.length) * 1_000 % 10_000;
            Experiments.Builder e = experiment("exp-" + i, "layer-" + l + "-".repeat(l))
                    .buckets(start, start + 200 + random.nextInt(800)).unit(units[l]).salt("salt-" + i + "é".repeat(i % 3))
                    .status(random.nextInt(6) == 0 ? Status.PAUSED : Status.RUNNING);
            int kind = random.nextInt(3);
            if (kind == 0) {
                e.targeting(sharedTargetings.get(random.nextInt(sharedTargetings.size())));
            } else if (kind == 1) {
                e.targeting(targeting(random));
            }
            if (random.nextInt(4) == 0) {
                e.override(units[l] == UnitType.USER ? "u-" + random.nextInt(5) : "s-" + random.nextInt(5),
                        "control");
            }
            changes.add(put(sequence++, e.build()));
        }
        return changes;
    }

    private static String targeting(Random random) {
        StringBuilder pages = new StringBuilder();
        for (String page : PAGES) {
            if (random.nextInt(3) == 0) {
                pages.append(pages.isEmpty() ? "" : ",").append('"').append(page).append('"');
            }
        }
        return "{\"pages\":[" + pages + "],\"rule\":" + rule(random, 3) + "}";
    }

    private static String rule(Random random, int depth) {
        int pick = random.nextInt(depth > 1 ? 9 : 6);
        String attribute = ATTRIBUTES[random.nextInt(ATTRIBUTES.length)];
        return switch (pick) {
            case 0 -> "{\"eq\":{\"attribute\":\"" + attribute + "\",\"value\":" + literal(random) + "}}";
            case 1 -> "{\"neq\":{\"attribute\":\"" + attribute + "\",\"value\":" + literal(random) + "}}";
            case 2 -> "{\"" + List.of("gt", "gte", "lt", "lte").get(random.nextInt(4)) + "\":{\"attribute\":\""
                    + attribute + "\",\"value\":" + (random.nextInt(60) - 10) + "}}";
            case 3 -> "{\"" + (random.nextBoolean() ? "in" : "not_in") + "\":{\"attribute\":\"" + attribute
                    + "\",\"values\":[" + literal(random) + "," + literal(random) + "]}}";
            case 4 -> "{\"exists\":{\"attribute\":\"" + attribute + "\"}}";
            case 5 -> "{\"all\":[]}";
            case 6 -> "{\"not\":" + rule(random, depth - 1) + "}";
            default -> "{\"" + (pick == 7 ? "all" : "any") + "\":[" + rule(random, depth - 1) + ","
                    + rule(random, depth - 1) + "]}";
        };
    }

    private static String literal(Random random) {
        if (random.nextBoolean()) {
            return Integer.toString(random.nextInt(50) - 5);
        }
        String text = TEXTS[random.nextInt(TEXTS.length)];
        return "\"" + (text.equals("\uD800") ? "x" : text) + "\"";
    }

    private static AssignmentRequest request(Random random) {
        Map<String, String> attributes = new HashMap<>();
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            String name = random.nextInt(4) == 0 ? "other-" + i : ATTRIBUTES[random.nextInt(ATTRIBUTES.length)];
            attributes.put(name, random.nextInt(10) == 0 ? null : TEXTS[random.nextInt(TEXTS.length)]);
        }
        String session = random.nextInt(3) == 0 ? "s-" + random.nextInt(5)
                : "s-" + random.nextLong() + TEXTS[random.nextInt(TEXTS.length)];
        String user = random.nextBoolean() ? null : "u-" + random.nextInt(5) + (random.nextBoolean() ? "" : "-ß");
        String page = random.nextInt(5) == 0 ? null : PAGES[random.nextInt(PAGES.length)];
        return new AssignmentRequest(session, user, page, attributes);
    }
}
