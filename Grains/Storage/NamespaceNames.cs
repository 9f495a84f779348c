using System.Text;
using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Storage;

/// <summary>
/// Namespace names: 1-64 characters, letters, digits, space, '.', '_' and '-', not starting or ending with a
/// space or a dot; unique per owner ignoring case (see <see cref="Key"/>).
/// </summary>
public static class NamespaceNames
{
    public const int MaxLength = 64;

    public static string Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw EddException.Validation("name", "A namespace needs a name, e.g. photos.");
        name = name.Normalize(NormalizationForm.FormC);
        if (name.Length > MaxLength)
            throw EddException.Validation("name", $"A namespace name may be at most {MaxLength} characters long.");
        if (!name.All(c => char.IsLetterOrDigit(c) || c is ' ' or '.' or '_' or '-'))
            throw EddException.Validation("name", "A namespace name may contain only letters, digits, spaces, '.', '_' and '-'.");
        if (name[0] is ' ' or '.' || name[^1] is ' ' or '.')
            throw EddException.Validation("name", "A namespace name must not start or end with a space or a dot.");
        return name;
    }

    /// <summary>The form two names are compared in: "Photos" and "photos" are the same name.</summary>
    public static string Key(string name) => name.ToUpperInvariant();
}
