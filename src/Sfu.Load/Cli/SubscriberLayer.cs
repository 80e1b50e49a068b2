namespace Sfu.Load.Cli;

/// <summary>The simulcast layer subscribers ask for (<c>--layer</c>), sent as <c>maxSpatialLayer</c>.</summary>
public enum SubscriberLayer
{
    Low = 0,
    Mid = 1,
    High = 2,
}
