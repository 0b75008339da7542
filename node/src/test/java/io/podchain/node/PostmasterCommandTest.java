package io.podchain.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The embedded server is restarted from the command line PostgreSQL recorded in {@code postmaster.opts}. */
class PostmasterCommandTest {
    @Test
    void theBinaryThenEachQuotedArgument() {
        String opts = "/tmp/embedded-pg/PG-8633/bin/postgres \"-D\" \"data/postgres\" \"-p\" \"33145\" \"-F\" \"-c\""
                + " \"synchronous_commit=on\" \"-c\" \"listen_addresses=127.0.0.1\"\n";
        assertThat(EmbeddedDatabase.postmasterCommand(opts)).containsExactly("/tmp/embedded-pg/PG-8633/bin/postgres",
                "-D", "data/postgres", "-p", "33145", "-F", "-c", "synchronous_commit=on", "-c",
                "listen_addresses=127.0.0.1");
    }

    @Test
    void spacesAndEscapedQuotesStayInTheirArgument() {
        assertThat(EmbeddedDatabase.postmasterCommand("/bin/postgres \"-D\" \"/my data/pg\" \"-c\" \"a=\\\"b c\\\"\""))
                .containsExactly("/bin/postgres", "-D", "/my data/pg", "-c", "a=\"b c\"");
    }

    @Test
    void anEmptyFileIsAnError() {
        assertThatThrownBy(() -> EmbeddedDatabase.postmasterCommand("  \n")).isInstanceOf(IllegalArgumentException.class);
    }
}
