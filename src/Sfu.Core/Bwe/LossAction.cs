namespace Sfu.Core.Bwe;

/// <summary>What the loss-based controller allows the estimate to do.</summary>
public enum LossAction
{
    /// <summary>Loss below 2 %: the delay-based controller may increase.</summary>
    AllowIncrease,

    /// <summary>Loss between 2 % and 10 %: hold the estimate.</summary>
    Hold,

    /// <summary>Loss above 10 %: decrease to <see cref="LossBasedController.DecreasedBps"/>.</summary>
    Decrease,
}
