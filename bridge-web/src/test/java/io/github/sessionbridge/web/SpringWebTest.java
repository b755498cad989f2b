package io.github.sessionbridge.web;

import io.github.sessionbridge.web.spring.BridgeWebSocketHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** The Spring adapter in a Spring Boot 4 application on its embedded Tomcat. */
class SpringWebTest extends WebContract {
    private ConfigurableApplicationContext context;

    /** The host's configuration: register the handler. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableWebSocket
    static class App implements WebSocketConfigurer {
        @Autowired
        BrowserBridge web;

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            // origins are the BrowserBridge's to check (Spring's own check would answer 403 before it)
            registry.addHandler(new BridgeWebSocketHandler(web), PATH).setAllowedOrigins("*");
        }
    }

    @Override
    protected int startServer(BrowserBridge web) throws Exception {
        context = new SpringApplicationBuilder(App.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("browserBridge", web))
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
                .run();
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    protected void stopServer() {
        context.close();
    }
}
