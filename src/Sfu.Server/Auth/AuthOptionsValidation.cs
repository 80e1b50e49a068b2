using Microsoft.Extensions.Options;

namespace Sfu.Server.Auth;

/// <summary>Fails the options (and so the host's start) with every problem of <c>Sfu:Auth</c> spelled out.</summary>
public sealed class AuthOptionsValidation : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
