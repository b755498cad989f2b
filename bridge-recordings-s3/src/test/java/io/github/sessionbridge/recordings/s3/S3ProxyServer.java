package io.github.sessionbridge.recordings.s3;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for the tests: S3Proxy on 127.0.0.1 over jclouds' filesystem backend (so a server
 * stopped and started again on the same directory keeps its objects and multipart uploads), with faults
 * injected below its S3 handler: answers of a given HTTP status (500, 503) to write requests, and slowness.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS = "access-key";
    static final String SECRET = "secret-key";
    /** The blob store calls that write: a fault hits these (reads keep working, unless {@link #failReads}). */
    static final Set<String> WRITES = Set.of("putBlob", "initiateMultipartUpload", "uploadMultipartPart",
            "completeMultipartUpload");

    private final Path dir;
    private int port;
    private S3Proxy proxy;
    private BlobStoreContext context;
    volatile int failStatus;            // 0: none; else the status write requests get
    volatile boolean failReads;
    volatile long delayMillis;          // added to every request
    final AtomicInteger faultsAnswered = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();

    S3ProxyServer(Path dir) {
        this.dir = dir;
    }

    /** Starts it (again, on the same port and directory after a {@link #stop()}). */
    S3ProxyServer start() throws Exception {
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(p).buildView(BlobStoreContext.class);
        BlobStore real = context.getBlobStore();
        InvocationHandler h = (obj, m, args) -> {
            long d = delayMillis;
            if (d > 0) {
                Thread.sleep(d);
            }
            boolean write = WRITES.contains(m.getName());
            if (write) {
                writes.incrementAndGet();
            }
            int status = failStatus;
            if (status != 0 && (write || failReads)) {
                faultsAnswered.incrementAndGet();
                throw new HttpResponseException("injected " + status, null, HttpResponse.builder().statusCode(status)
                        .message(status == 503 ? "Slow Down" : "Internal Error").build());
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        BlobStore faulty = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, h);
        proxy = S3Proxy.builder().blobStore(faulty).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!proxy.getState().equals("STARTED") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        port = proxy.getPort();
        return this;
    }

    int port() {
        return port;
    }

    /** Stops it: connections are refused until {@link #start()}. */
    void stop() throws Exception {
        proxy.stop();
        context.close();
    }

    /** A client for it, as a host would build one; {@code attemptTimeout} bounds each request. */
    S3Client client(Duration attemptTimeout) {
        return client(port, attemptTimeout);
    }

    /** A client for the server on {@code port} (of another JVM). */
    static S3Client client(int port, Duration attemptTimeout) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
                .forcePathStyle(true)
                // S3Proxy checks payloads by their SHA-256 header, not by the SDK's newer checksum trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(attemptTimeout))
                .build();
    }

    @Override
    public void close() throws Exception {
        if (proxy != null && !proxy.getState().equals("STOPPED")) {
            stop();
        }
    }
}
