package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import java.time.Duration;

/** Work in progress: being written in this session. */
public final class NioEndpoint implements CEndpoint {
    public NioEndpoint(int ioThreads) {
    }

    @Override
    public CConnection connect(CAddress address, Duration connectTimeout, CConnection.Handler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
