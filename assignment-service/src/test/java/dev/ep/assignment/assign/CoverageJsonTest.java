package dev.ep.assignment.assign;

import static dev.ep.assignment.assign.AssignJsonTest.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.api.ApplicationJson;
import dev.ep.assignment.api.CodecEquivalence;
import dev.ep.assignment.api.GeneratedJson;
import dev.ep.assignment.api.GeneratedJson.Arr;
import dev.ep.assignment.api.GeneratedJson.Obj;
import dev.ep.assignment.api.GeneratedJson.Raw;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CoverageJsonTest {

    private static final JsonMapper MAPPER = ApplicationJson.MAPPER;

    @Test
    void shouldReadEveryGeneratedBodyAsTheGenericDecoderDoesWhenValidOrHostile() {
        var counts = CodecEquivalence.check(CoverageController.CoverageBody.class,
                CoverageJson.decoder(MAPPER, 64 * 1024), CoverageJson::read, CoverageJsonTest::body, 6_000, 17);
        assertThat(counts.accepted()).isGreaterThan(2_000);
        assertThat(counts.refused()).isGreaterThan(2_000);
        assertThat(counts.pristineFast()).isEqualTo(counts.pristine());
    }

    @Test
    void shouldJoinABodySplitIntoBuffers() {
        CodecEquivalence.checkSplit(CoverageController.CoverageBody.class, CoverageJson.decoder(MAPPER, 1024),
                ("{\"sessionId\":\"s-1\",\"page\":\"cart\",\"experiments\":[{\"experimentId\":\"e\",\"treatment\":"
                        + "\"green\"},{\"experimentId\":\"f\"}]}").getBytes(StandardCharsets.UTF_8), 1024);
    }

    @Test
    void shouldWriteTheGenericEncodersBytesForGeneratedAnswers() {
        Random r = new Random(5);
        List<CoverageController.CoverageResponse> answers = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            List<AssignmentService.CoverageItem> items = new ArrayList<>();
            int count = r.nextInt(6);
            for (int i = 0; i < count; i++) {
                boolean covered = r.nextBoolean();
                items.add(new AssignmentService.CoverageItem(GeneratedJson.text(r),
                        covered ? AssignmentService.CoverageItem.COVERED : AssignmentService.CoverageItem.NOT_ASSIGNED,
                        covered ? GeneratedJson.text(r) : null));
            }
            answers.add(new CoverageController.CoverageResponse(r.nextLong(), r.nextInt(20) == 0 ? null : items));
        }
        CodecEquivalence.checkAnswers(CoverageController.CoverageResponse.class, CoverageJson.encoder(MAPPER),
                answers);
    }

    /** A well-formed body: the token form or the context form, random order. */
    static Obj body(Random r) {
        Obj body = Obj.of("sessionId", GeneratedJson.text(r));
        if (r.nextBoolean()) {
            body.fields().add(entry("page", r.nextInt(4) == 0 ? new Raw("null") : GeneratedJson.text(r)));
        }
        if (r.nextBoolean()) {
            body.fields().add(entry("tokens", GeneratedJson.strings(r, 5)));
        } else {
            if (r.nextBoolean()) {
                body.fields().add(entry("userId", r.nextInt(4) == 0 ? new Raw("null") : GeneratedJson.text(r)));
            }
            if (r.nextBoolean()) {
                body.fields().add(entry("attributes", GeneratedJson.scalars(r, 5)));
            }
            List<Object> claims = new ArrayList<>();
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                Obj claim = Obj.of("experimentId", GeneratedJson.text(r));
                if (r.nextBoolean()) {
                    claim.fields().add(entry("treatment", r.nextInt(4) == 0 ? new Raw("null")
                            : GeneratedJson.text(r)));
                }
                Collections.shuffle(claim.fields(), r);
                claims.add(claim);
            }
            body.fields().add(entry("experiments", new Arr(claims)));
        }
        Collections.shuffle(body.fields(), r);
        return body;
    }
}
