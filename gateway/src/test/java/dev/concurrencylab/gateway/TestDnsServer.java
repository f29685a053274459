package dev.concurrencylab.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;

/**
 * A real DNS server on a loopback UDP port, run inside the test: answers A queries from a table
 * the test changes while the gateway runs, as Docker's DNS does when containers come and go.
 * Built on Netty's DNS codec; no answer records are cached (TTL 0).
 */
final class TestDnsServer implements AutoCloseable {

    private final Map<String, List<String>> addresses = new ConcurrentHashMap<>();
    /** While set, queries are read and dropped: a DNS server that is down or unreachable. */
    private final AtomicBoolean silent = new AtomicBoolean();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    TestDnsServer() throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel datagrams) {
                        datagrams.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new Answerer());
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    /** Sets every A record of {@code name}. */
    void publish(String name, String... ipv4) {
        addresses.put(name.endsWith(".") ? name : name + ".", List.of(ipv4));
    }

    /** Takes {@code name} away: queries for it are answered NXDOMAIN, as for a service scaled to zero. */
    void unpublish(String name) {
        addresses.remove(name.endsWith(".") ? name : name + ".");
    }

    /** Stops answering (every query times out at the client) until {@link #answer()}. */
    void silence() {
        silent.set(true);
    }

    void answer() {
        silent.set(false);
    }

    /** Queries dropped while silent. */
    int unanswered() {
        return unanswered.get();
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully();
    }

    private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {

        @Override
        protected void channelRead0(ChannelHandlerContext context, DatagramDnsQuery query) throws UnknownHostException {
            if (silent.get()) {
                unanswered.incrementAndGet();
                return;
            }
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.addRecord(DnsSection.QUESTION, question);
            List<String> known = addresses.get(question.name());
            if (known == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else if (question.type() == DnsRecordType.A) {
                for (String ip : known) {
                    response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A, 0,
                            Unpooled.wrappedBuffer(InetAddress.getByName(ip).getAddress())));
                }
            }
            context.writeAndFlush(response);
        }
    }
}
