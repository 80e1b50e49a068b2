using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

[Collection(AllocationCollection.Name)]
public class TimestampMapperTests
{
    private const int Rate = 90_000;
    private const uint Frame = 3_000;
    private const ulong NtpSecond = 1UL << 32;
    private const ulong Ntp0 = 3_900_000_000UL << 32; // some wall-clock time

    [Fact]
    public void TheFirstSourceKeepsItsSpacingPlusTheInitialOffset()
    {
        var mapper = new TimestampMapper(Rate, Frame, initialOffset: 1_000);

        Assert.Equal(6_000u, mapper.Map(5_000, 0));
        Assert.Equal(9_000u, mapper.Map(8_000, 33_333));
        Assert.Equal(9_000u, mapper.Map(8_000, 34_000)); // another packet of the frame
        Assert.Equal(6_000u, mapper.Map(5_000, 35_000)); // a late packet keeps its own time
        Assert.Equal(9_000u, mapper.LastOutgoing);
    }

    [Fact]
    public void AcrossAWrapTheSpacingIsKept()
    {
        var mapper = new TimestampMapper(Rate, Frame, initialOffset: 0x8000_0000);
        uint previous = mapper.Map(0x7FFF_F000, 0);
        for (int i = 1; i < 10; i++)
        {
            uint outgoing = mapper.Map(unchecked(0x7FFF_F000 + (uint)(i * 3000)), i * 33_333L);
            Assert.Equal(unchecked(previous + Frame), outgoing);
            previous = outgoing;
        }
    }

    [Fact]
    public void ASwitchPlacesTheNewLayerByItsSenderReport()
    {
        // Layer A's clock is near the 32-bit wrap, layer B's elsewhere; B's SR is 0.5 s after A's.
        const uint RtpA = 0xFFFF_0000;
        const uint RtpB = 0x1234_5678;
        var layerA = new SenderReportTimes(Ntp0, RtpA);
        var layerB = new SenderReportTimes(Ntp0 + (NtpSecond / 2), RtpB);
        var mapper = new TimestampMapper(Rate, Frame, initialOffset: 500);

        // A forwarded up to 0.55 s after its SR (wrapping on the way).
        uint last = 0;
        for (int frame = 0; frame <= 16; frame++)
        {
            last = mapper.Map(unchecked(RtpA + (uint)(frame * 3_000)), frame * 33_333L);
        }

        Assert.Equal(unchecked(RtpA + 48_000 + 500), last);

        // B's keyframe was captured 0.1 s after B's SR = 0.6 s after A's SR: 54,000 units after RtpA.
        mapper.SwitchSource(layerA, layerB);
        uint switched = mapper.Map(unchecked(RtpB + 9_000), 570_000);
        Assert.Equal(unchecked(RtpA + 54_000 + 500), switched);
        Assert.Equal(unchecked(switched + 3_000), mapper.Map(unchecked(RtpB + 12_000), 600_000));

        // And back to A, whose SR now is 1 s after B's: A's capture times map exactly as before the switch.
        var laterA = new SenderReportTimes(Ntp0 + (NtpSecond * 3 / 2), unchecked(RtpA + 135_000));
        mapper.SwitchSource(layerB, laterA);
        Assert.Equal(unchecked(RtpA + 60_000 + 500), mapper.Map(unchecked(RtpA + 60_000), 640_000));
    }

    [Fact]
    public void WithoutSenderReportsTheNewLayerFollowsTheWallClockAtLeastAFrameOn()
    {
        var mapper = new TimestampMapper(Rate, Frame);
        mapper.Map(10_000, 1_000_000);

        mapper.SwitchSource(default, new SenderReportTimes(Ntp0, 5));
        Assert.Equal(13_000u, mapper.Map(777_777, 1_005_000)); // 5 ms later: one frame's worth

        mapper.SwitchSource(new SenderReportTimes(Ntp0, 5), default);
        Assert.Equal(13_000u + 180_000, mapper.Map(42, 3_005_000)); // 2 s later: 2 s worth
    }

    [Fact]
    public void ASenderReportAnswerThatGoesBackwardsOrStraysFromTheWallClockIsNotUsed()
    {
        var mapper = new TimestampMapper(Rate, Frame);
        mapper.Map(90_000, 0);

        // B's SR says this packet was captured 1 s before A's last one: backwards.
        var a = new SenderReportTimes(Ntp0, 90_000);
        var b = new SenderReportTimes(Ntp0 - NtpSecond, 1_000);
        mapper.SwitchSource(a, b);
        Assert.Equal(93_000u, mapper.Map(1_000, 10_000));

        // 10 s ahead of the wall clock: a stale or wrong report.
        mapper.SwitchSource(a, new SenderReportTimes(Ntp0 + (10 * NtpSecond), 0));
        Assert.Equal(96_000u, mapper.Map(0, 20_000));
    }

    [Fact]
    public void GeneratedSwitchesNeverGoBackwards()
    {
        var random = new Random(7);
        var mapper = new TimestampMapper(Rate, Frame, initialOffset: 0xFFFF_0000);
        uint[] bases = [0xFFFF_FF00, 0x0000_1000, 0x8000_0000];
        ulong[] reportNtp = [Ntp0, Ntp0 + 123, Ntp0 - 456];
        long now = 0;
        int layer = 0;
        uint lastOut = mapper.Map(bases[0], now);
        for (int i = 1; i < 3_000; i++)
        {
            now += 33_333;
            uint capture = (uint)(now * Rate / 1_000_000);
            if (i % 50 == 0)
            {
                int next = random.Next(3);
                SenderReportTimes Report(int l) => random.Next(4) == 0
                    ? default // missing
                    : new SenderReportTimes(reportNtp[l] + (ulong)random.Next(-1_000_000, 1_000_000), bases[l]);
                mapper.SwitchSource(Report(layer), Report(next));
                layer = next;
            }

            uint outgoing = mapper.Map(unchecked(bases[layer] + capture), now);
            Assert.True((int)(outgoing - lastOut) > 0, $"packet {i}: {outgoing} after {lastOut}");
            lastOut = outgoing;
        }
    }

    [Fact]
    public void MappingDoesNotAllocate()
    {
        var mapper = new TimestampMapper(Rate, Frame);
        var a = new SenderReportTimes(Ntp0, 1000);
        var b = new SenderReportTimes(Ntp0 + 100, 2000);
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        uint sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (i % 100 == 0)
            {
                mapper.SwitchSource(a, b);
            }

            sum += mapper.Map((uint)(i * 3000), i * 33_333L);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0u, sum);
    }
}
