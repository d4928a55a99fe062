package io.muslin.lab.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a running lab keeps on disk, so that {@code lab status}, {@code test} and {@code down} —
 * separate processes — find it: the topology file it was built from, every process it started
 * (role, PID and start time, so a reused PID is never taken for ours), and per role a directory
 * with configuration and logs. Default place: {@code /run/muslin-lab} (tmpfs; {@code MUSLIN_LAB_DIR}
 * moves it).
 */
public final class LabState {
    private final Path dir;

    public LabState(Path dir) {
        this.dir = dir;
    }

    public static LabState fromEnvironment() {
        String d = System.getenv("MUSLIN_LAB_DIR");
        return new LabState(Path.of(d == null || d.isBlank() ? "/run/muslin-lab" : d));
    }

    public Path dir() {
        return dir;
    }

    /** A directory for one role's files (configuration, logs), made when missing. */
    public Path roleDir(String role) {
        Path p = dir.resolve(role);
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new LabException("cannot make " + p + ": " + e.getMessage());
        }
        return p;
    }

    public void create(Path topologyFile) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("topology"), topologyFile.toAbsolutePath() + "\n");
        } catch (IOException e) {
            throw new LabException("cannot write the lab state in " + dir + ": " + e.getMessage());
        }
    }

    /** The topology file of the running lab, if one is up. */
    public Optional<Path> topologyFile() {
        try {
            Path f = dir.resolve("topology");
            return Files.exists(f) ? Optional.of(Path.of(Files.readString(f).strip())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A process the lab started. */
    public record Started(String role, long pid, long startMillis) {
        /** The live process, if this PID still is the one we started. */
        public Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                    .map(i -> Math.abs(i.toEpochMilli() - startMillis) < 2000).orElse(false));
        }
    }

    public synchronized void recordProcess(String role, Process p) {
        long start = p.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
        List<Started> all = new ArrayList<>(processes());
        all.removeIf(s -> s.role().equals(role));
        all.add(new Started(role, p.pid(), start));
        write(all);
    }

    public synchronized void forgetProcess(String role) {
        List<Started> all = new ArrayList<>(processes());
        all.removeIf(s -> s.role().equals(role));
        write(all);
    }

    public synchronized List<Started> processes() {
        Path f = dir.resolve("processes");
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            List<Started> out = new ArrayList<>();
            for (String line : Files.readAllLines(f)) {
                String[] p = line.trim().split("\\s+");
                if (p.length == 3) {
                    out.add(new Started(p[0], Long.parseLong(p[1]), Long.parseLong(p[2])));
                }
            }
            return out;
        } catch (IOException | NumberFormatException e) {
            throw new LabException("cannot read " + f + ": " + e.getMessage());
        }
    }

    public Optional<Started> process(String role) {
        return processes().stream().filter(s -> s.role().equals(role)).findFirst();
    }

    private void write(List<Started> all) {
        StringBuilder b = new StringBuilder();
        for (Started s : all) {
            b.append(s.role()).append(' ').append(s.pid()).append(' ').append(s.startMillis()).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("processes"), b);
        } catch (IOException e) {
            throw new LabException("cannot write " + dir.resolve("processes") + ": " + e.getMessage());
        }
    }

    /** Ends a started process: SIGTERM, then SIGKILL after {@code grace}. Only a PID that still is ours. */
    public static void stop(Started s, Duration grace) {
        s.handle().ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                try {
                    h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by the leftover check
                }
            }
        });
    }

    /** Removes the state directory and everything in it. */
    public void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new LabException("cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
