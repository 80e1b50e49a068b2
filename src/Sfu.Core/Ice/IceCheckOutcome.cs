namespace Sfu.Core.Ice;

/// <summary>What <see cref="IceLiteAgent.ProcessBindingRequest"/> did with a request; one value per reason for metrics.</summary>
public enum IceCheckOutcome
{
    /// <summary>Valid check without USE-CANDIDATE (or for the already selected address without it): success response written, address validated, consent refreshed.</summary>
    Accepted,

    /// <summary>Valid check with USE-CANDIDATE that selects this address (first nomination, or a repeat for the selected address).</summary>
    AcceptedAndNominated,

    /// <summary>Valid check with USE-CANDIDATE from an address other than the selected one: the selected address switched (mobility).</summary>
    SelectedAddressChanged,

    /// <summary>MESSAGE-INTEGRITY does not verify with our password: 401 written (without MESSAGE-INTEGRITY).</summary>
    RejectedUnauthorized,

    /// <summary>USERNAME does not start with our ufrag (for example an old one after an ICE restart): 401 written. Also returned, without a response, once the agent is closed.</summary>
    RejectedUnknownUsername,

    /// <summary>Not a Binding request, or USERNAME/MESSAGE-INTEGRITY/FINGERPRINT/PRIORITY missing or malformed: 400 written.</summary>
    RejectedBadRequest,

    /// <summary>The peer says ICE-CONTROLLED, but a lite agent is always controlled: 487 written (with MESSAGE-INTEGRITY).</summary>
    RejectedRoleConflict,

    /// <summary>An indication or a response: nothing written.</summary>
    NotARequest,
}
