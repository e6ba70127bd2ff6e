package org.ctlsock.bench.cli;

/** The command line is wrong; the message says how, and the program exits with status 2. */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
