namespace Sfu.Load.Publishing;

/// <summary>
/// What a synthetic VP8 packet says about itself (<see cref="Vp8Packetizer"/>): the simulcast layer it belongs to,
/// the number of its frame in that layer, and whether it starts a frame or a keyframe.
/// </summary>
public readonly record struct LayerTag(int Layer, int Frame, bool StartsFrame, bool StartsKeyframe);
