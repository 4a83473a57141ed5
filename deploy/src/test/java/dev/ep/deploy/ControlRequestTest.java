package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlRequestTest {

    @TempDir
    Path dir;

    @Test
    void shouldAcceptARestartOfAKnownServiceWhenTheLineIsWellFormed() {
        assertThat(ControlRequest.parse("restart assignment-service\n"))
                .isEqualTo(new ControlRequest.Restart("assignment-service"));
        assertThat(ControlRequest.parse("restart event-ingest"))
                .isEqualTo(new ControlRequest.Restart("event-ingest"));
    }

    @Test
    void shouldRefuseAnythingElseWithAReasonWhenTheRequestIsNotARestartOfAService() {
        for (String text : new String[] {"", "restart", "restart  assignment-service", "stop assignment-service",
                "restart assignment-service now", "restart ../assignment-service", "restart assignment-service\nrm x",
                "restart schema-registry", "restart kafka", "restart assignment-service-2", "restart \u0000\u00ff",
                "restart " + "x".repeat(10_000)}) {
            ControlRequest parsed = ControlRequest.parse(text);
            assertThat(parsed).as(text.length() > 60 ? text.substring(0, 60) : text)
                    .isInstanceOf(ControlRequest.Invalid.class);
            assertThat(((ControlRequest.Invalid) parsed).reason()).hasSizeLessThan(400)
                    .matches("[\\x20-\\x7e]*");
        }
    }

    @Test
    void shouldTakeEachRequestOnceAndAnswerItAtomicallyWhenDroppedInTheDirectory() throws IOException {
        // given
        ControlDirectory control = new ControlDirectory(dir);
        control.reset();
        Files.writeString(dir.resolve("a-1.request"), "restart event-ingest\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b-2.request"), "reboot\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("c-3.tmp"), "restart event-ingest\n", StandardCharsets.UTF_8);

        // when
        var first = control.take(Instant.now());
        var second = control.take(Instant.now());
        control.answer("a-1", true, "done");

        // then
        assertThat(first).containsExactly(
                new ControlDirectory.Pending("a-1", new ControlRequest.Restart("event-ingest")),
                new ControlDirectory.Pending("b-2", ControlRequest.parse("reboot")));
        assertThat(second).isEmpty();
        assertThat(Files.readString(dir.resolve("a-1.response"), StandardCharsets.UTF_8)).isEqualTo("ok\ndone\n");
        assertThat(dir.resolve("a-1.request")).doesNotExist();
        assertThat(dir.resolve("c-3.tmp")).exists(); // half-written: not a request yet
    }

    @Test
    void shouldDropOversizedOrBadlyNamedRequestsAndExpiredAnswersWhenTakingRequests() throws IOException {
        // given
        ControlDirectory control = new ControlDirectory(dir);
        control.reset();
        Files.writeString(dir.resolve("big.request"), "restart event-ingest " + "x".repeat(2000));
        Files.writeString(dir.resolve("bad.name.request"), "restart event-ingest");
        Files.writeString(dir.resolve("old.response"), "ok\n");
        Files.setLastModifiedTime(dir.resolve("old.response"),
                FileTime.from(Instant.now().minus(ControlDirectory.ANSWER_EXPIRY).minusSeconds(60)));
        Files.writeString(dir.resolve("new.response"), "ok\n");
        for (int i = 0; i < ControlDirectory.MAX_PER_PASS + 4; i++) {
            Files.writeString(dir.resolve(String.format("r%02d.request", i)), "restart console");
        }

        // when
        var taken = control.take(Instant.now());

        // then
        assertThat(taken).hasSize(ControlDirectory.MAX_PER_PASS).extracting(ControlDirectory.Pending::id)
                .doesNotContain("big", "bad.name");
        assertThat(dir.resolve("big.request")).doesNotExist();
        assertThat(dir.resolve("bad.name.request")).doesNotExist();
        assertThat(dir.resolve("old.response")).doesNotExist();
        assertThat(dir.resolve("new.response")).exists();
        assertThat(control.take(Instant.now())).hasSize(4);
    }
}
