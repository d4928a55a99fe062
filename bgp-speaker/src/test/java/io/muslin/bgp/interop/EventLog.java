package io.muslin.bgp.interop;

import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.speaker.PeerId;
import io.muslin.bgp.speaker.SessionListener;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.Update;
import java.time.Instant;
import java.util.List;

/** Muslin's session events as lines, printed after each interop test to explain a failure. */
final class EventLog implements SessionListener {
    private final List<String> lines;

    EventLog(List<String> lines) {
        this.lines = lines;
    }

    @Override
    public void stateChanged(PeerId peer, SessionState from, SessionState to, String reason) {
        lines.add(Instant.now() + " " + peer + ": " + from.displayName() + " -> " + to.displayName() + " (" + reason + ")");
    }

    @Override
    public void notificationSent(PeerId peer, Notification n) {
        lines.add(Instant.now() + " " + peer + ": NOTIFICATION sent " + n.describe());
    }

    @Override
    public void notificationReceived(PeerId peer, Notification n) {
        lines.add(Instant.now() + " " + peer + ": NOTIFICATION received " + n.describe());
    }

    @Override
    public void updateReceived(PeerId peer, Update u) {
        lines.add(Instant.now() + " " + peer + ": UPDATE announces " + u.announced() + " withdraws " + u.allWithdrawn());
    }
}
