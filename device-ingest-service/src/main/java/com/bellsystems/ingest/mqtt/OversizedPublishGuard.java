package com.bellsystems.ingest.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.logging.Log;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttClient;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;

/**
 * What happens to a PUBLISH larger than the decoder's limit. Netty's MqttDecoder reads its header
 * (topic, packet id), skips the payload bytes as they arrive without buffering them, and from then
 * on discards the connection's input; the Vert.x client would only close the connection, and the
 * broker would redeliver the same message on the next one, forever, blocking the session. This
 * handler, placed right after the decoder, reports such a message, lets the rest of it stream past
 * (counted, not kept), acknowledges it (PUBACK, so the broker drops it) and closes the connection;
 * the session resumes on a new one and the messages that were in flight on the old one are
 * redelivered (nothing else is lost).
 * <p>
 * The client does not expose its channel: it is reached through vertx-mqtt's private
 * {@code connection} field ({@code OversizedPayloadTest} fails if a vertx-mqtt upgrade moves it).
 */
final class OversizedPublishGuard extends ChannelInboundHandlerAdapter {

    private static final Field CONNECTION = connectionField();

    private final int limit;
    private final ObjIntConsumer<String> onOversized;

    private OversizedPublishGuard(int limit, ObjIntConsumer<String> onOversized) {
        this.limit = limit;
        this.onOversized = onOversized;
    }

    /** Installs the guard on a connected client; onOversized gets the topic and the packet's size. */
    static void install(MqttClient client, int limit, ObjIntConsumer<String> onOversized) {
        try {
            NetSocketInternal socket = (NetSocketInternal) CONNECTION.get(client);
            if (socket == null) {
                return; // closed already; the next connection installs it
            }
            ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
            if (pipeline.get("mqttDecoder") != null && pipeline.get("bellsysOversized") == null) {
                pipeline.addAfter("mqttDecoder", "bellsysOversized", new OversizedPublishGuard(limit, onOversized));
            }
        } catch (IllegalAccessException | RuntimeException e) {
            Log.errorf(e, "Could not install the oversized-PUBLISH guard on the MQTT connection");
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage message
                && message.decoderResult().isFailure()
                && message.decoderResult().cause() instanceof TooLongFrameException
                && message.fixedHeader() != null
                && message.fixedHeader().messageType() == MqttMessageType.PUBLISH
                && message.variableHeader() instanceof MqttPublishVariableHeader header) {
            int size = message.fixedHeader().remainingLength();
            onOversized.accept(header.topicName(), size);
            MqttMessage puback = message.fixedHeader().qosLevel() == MqttQoS.AT_MOST_ONCE
                    ? null
                    : MqttMessageFactory.newMessage(
                            new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                            MqttMessageIdVariableHeader.from(header.packetId()),
                            null);
            // The broker takes a PUBACK only for a message it has finished sending: wait until at
            // least the packet's size has arrived since (the decoder discards it, nothing is kept),
            // or the input has gone quiet, then acknowledge and reopen.
            ctx.pipeline().addBefore("mqttDecoder", "bellsysOversizedTail", new TailCounter(ctx, size, puback));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Counts the bytes that follow an oversized PUBLISH's header; acknowledges it once it is past. */
    private static final class TailCounter extends ChannelInboundHandlerAdapter {
        private static final long QUIET_MILLIS = 300;
        private final ChannelHandlerContext guard;
        private final long remaining;
        private final MqttMessage puback;
        private long seen;
        private ScheduledFuture<?> quiet;
        private boolean done;

        TailCounter(ChannelHandlerContext guard, long remaining, MqttMessage puback) {
            this.guard = guard;
            this.remaining = remaining;
            this.puback = puback;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            rearm(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                seen += bytes.readableBytes();
            }
            ctx.fireChannelRead(msg);
            if (seen >= remaining) {
                finish();
            } else {
                rearm(ctx);
            }
        }

        private void rearm(ChannelHandlerContext ctx) {
            if (quiet != null) {
                quiet.cancel(false);
            }
            quiet = ctx.executor().schedule(this::finish, QUIET_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            if (quiet != null) {
                quiet.cancel(false);
            }
            if (puback == null) {
                guard.close();
            } else {
                guard.writeAndFlush(puback).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public String toString() {
        return "OversizedPublishGuard(limit=" + limit + ")";
    }

    private static Field connectionField() {
        try {
            Field field = Class.forName("io.vertx.mqtt.impl.MqttClientImpl").getDeclaredField("connection");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("vertx-mqtt changed: MqttClientImpl.connection not found", e);
        }
    }
}
