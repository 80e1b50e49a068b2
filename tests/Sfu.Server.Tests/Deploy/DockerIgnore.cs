using System.Text;
using System.Text.RegularExpressions;

namespace Sfu.Server.Tests.Deploy;

/// <summary>
/// The build context a .dockerignore leaves: its patterns (<c>*</c>, <c>?</c>, <c>**</c>, <c>!</c> exceptions, the
/// last matching pattern decides; a matched folder excludes what is under it), applied to copy the context.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules = new();

    public DockerIgnore(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            bool exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..]).Trim().Trim('/');
            if (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern[2..];
            }

            _rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), exclude));
        }
    }

    public static DockerIgnore Load(string path) => new(File.ReadAllLines(path));

    /// <summary>Whether a path relative to the context root (with <c>/</c>) is left out.</summary>
    public bool IsExcluded(string relativePath)
    {
        // The path or any folder above it, as Docker checks them.
        var parts = relativePath.Split('/');
        for (int n = 1; n <= parts.Length; n++)
        {
            if (Decide(string.Join('/', parts.Take(n))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copies the context (the files not excluded) from a folder to another; returns how many files.</summary>
    public int CopyContext(string from, string to)
    {
        int files = 0;
        var pending = new Stack<string>([from]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
            {
                var relative = Path.GetRelativePath(from, entry).Replace('\\', '/');
                if (IsExcluded(relative))
                {
                    continue;
                }

                if (Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
                {
                    pending.Push(entry);
                }
                else if (File.Exists(entry))
                {
                    var target = Path.Combine(to, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(entry, target);
                    files++;
                }
            }
        }

        return files;
    }

    private bool Decide(string path)
    {
        bool excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (pattern.IsMatch(path))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                bool slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.ToString();
    }
}
