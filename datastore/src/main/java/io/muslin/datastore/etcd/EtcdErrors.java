package io.muslin.datastore.etcd;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Classifies jetcd/gRPC failures: worth retrying or not, and whether a request provably never left. */
final class EtcdErrors {
    private EtcdErrors() {}

    static boolean transient_(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EtcdException e) {
                ErrorCode code = e.getErrorCode();
                if (code == ErrorCode.UNAVAILABLE || code == ErrorCode.DEADLINE_EXCEEDED || code == ErrorCode.ABORTED
                        || code == ErrorCode.CANCELLED || code == ErrorCode.UNKNOWN
                        || (e.getMessage() != null && (e.getMessage().contains("no leader")
                            || e.getMessage().contains("leader changed") || e.getMessage().contains("timed out")))) {
                    return true;
                }
            }
            if (c instanceof StatusRuntimeException s) {
                Status.Code code = s.getStatus().getCode();
                if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.UNKNOWN) {
                    return true;
                }
            }
            if (c instanceof ConnectException || c instanceof TimeoutException || c instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** True when the failure happened before the request could reach etcd. */
    static boolean neverSent(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && (m.contains("Connection refused") || m.contains("connection refused"))) {
                return true;
            }
        }
        return false;
    }

    static String reason(Throwable t) {
        if (t == null) {
            return "no answer";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 300; c = c.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(": ");
            }
            sb.append(c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName());
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }
}
