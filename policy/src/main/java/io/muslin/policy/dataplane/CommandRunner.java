package io.muslin.policy.dataplane;

import java.util.List;

/** Runs one program to completion, feeding it {@code stdin}. */
public interface CommandRunner {

    Result run(List<String> argv, String stdin);

    /** Exit status and both outputs of a finished program. */
    record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String describe() {
            return String.join(" ", argv) + " exited " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip());
        }
    }
}
