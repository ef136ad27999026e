package com.bellsystems.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The MQTT decoder the Vert.x client uses must wait for the rest of a PUBLISH whose variable header
 * arrives in two TCP reads. Netty 4.1.133 (the BOM's) closed the connection instead
 * (TooLongFrameException "message length exceeds N: 75"), which reset the ingest sessions under
 * every burst; the root pom pins the fixed codec. This test fails if that pin is lost.
 */
class SplitFrameDecodingTest {

    @Test
    void aPublishSplitInsideItsVariableHeaderIsDecodedOnceTheRestArrives() {
        ByteBuf wire = encodedPublish("bellsys/devices/BC-0001/logs", "{\"level\":\"info\",\"message\":\"split\"}", 7);
        // The decoder limit the service sets (MQTT's maximum packet size) and netty's default.
        for (int limit : new int[] {268_435_455, 8092}) {
            EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(limit));
            // fixed header (2 bytes) and half of the topic: the variable header is incomplete
            channel.writeInbound(wire.retainedSlice(0, 10));
            assertTrue(channel.inboundMessages().isEmpty(), "nothing decoded from half a header");
            channel.writeInbound(wire.retainedSlice(10, wire.readableBytes() - 10));
            MqttPublishMessage decoded = channel.readInbound();
            assertTrue(
                    decoded.decoderResult().isSuccess(),
                    () -> "decoder failed: " + decoded.decoderResult().cause());
            assertEquals(
                    "bellsys/devices/BC-0001/logs", decoded.variableHeader().topicName());
            assertEquals(7, decoded.variableHeader().packetId());
            assertEquals(
                    "{\"level\":\"info\",\"message\":\"split\"}",
                    decoded.payload().toString(StandardCharsets.UTF_8));
            decoded.release();
            assertTrue(channel.isActive(), "connection kept open");
            channel.finishAndReleaseAll();
        }
        wire.release();
    }

    private static ByteBuf encodedPublish(String topic, String payload, int packetId) {
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, packetId),
                Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(publish);
        ByteBuf wire = encoder.readOutbound();
        encoder.finishAndReleaseAll();
        return wire;
    }
}
