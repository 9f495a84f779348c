using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EddCloud.Tests;

/// <summary>
/// Marks a test class that starts a real process or service: a silo or edge process, PostgreSQL, nats-server,
/// Podman, sshd or the OpenSSH client, Chromium, a network namespace. Its tests carry the trait
/// <c>Category=Integration</c>, which <c>scripts/test-fast.sh</c> leaves out (<c>--filter "Category!=Integration"</c>);
/// <c>./test.sh</c> runs them all. <see cref="IntegrationTestGuardTests"/> fails for a class that uses that
/// machinery without this attribute. See docs/testing.md, "Fast tests".
/// </summary>
[TraitDiscoverer(IntegrationTestDiscoverer.TypeName, IntegrationTestDiscoverer.AssemblyName)]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class IntegrationTestAttribute : Attribute, ITraitAttribute
{
    /// <summary>The trait's name, as in <c>--filter "Category!=Integration"</c>.</summary>
    public const string TraitName = "Category";

    /// <summary>The trait's value.</summary>
    public const string TraitValue = "Integration";
}

/// <summary>Gives the tests of an <see cref="IntegrationTestAttribute"/> class the trait <c>Category=Integration</c>.</summary>
public sealed class IntegrationTestDiscoverer : ITraitDiscoverer
{
    public const string TypeName = "EddCloud.Tests.IntegrationTestDiscoverer";
    public const string AssemblyName = "EddCloud.Tests";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) =>
        [new(IntegrationTestAttribute.TraitName, IntegrationTestAttribute.TraitValue)];
}

/// <summary>
/// Keeps the fast run fast and honest: every test class that starts a real process or service carries
/// <see cref="IntegrationTestAttribute"/>. A class needs it when it, its base classes or the fixtures it shares
/// (constructor parameters, fields, <c>IClassFixture&lt;T&gt;</c>, the <c>ICollectionFixture&lt;T&gt;</c> of its
/// <c>[Collection]</c>) hold one of <see cref="Machinery"/>, or when its code (lambdas, async methods and the test
/// helpers it calls, followed through their IL) calls into one.
/// </summary>
public sealed class IntegrationTestGuardTests
{
    /// <summary>What starts a real process or service. Everything that holds one of these counts too.</summary>
    private static readonly Type[] Machinery =
    [
        typeof(SingleNode.SiloProcess),
        typeof(SingleNode.EdgeProcess),
        typeof(SingleNode.TestProcess),
        typeof(Browser.BrowserFixture),
        typeof(Hosting.PostgresFixture),
        typeof(Hosting.NetworkNamespace),
        typeof(Hosting.LoopbackBridge),
        typeof(Events.NatsServerFixture),
        typeof(Compute.PodmanFixture),
        typeof(Compute.ComputeApi),
        typeof(Ssh.Protocol.SshdProcess),
        typeof(Ssh.Protocol.OpenSshClient),
        typeof(EddCloud.Silo.Events.NatsServerSupervisor),
        typeof(EddCloud.Silo.Compute.Engine.PodmanServiceSupervisor),
        typeof(EddCloud.Silo.Compute.Engine.ContainerEngine),
    ];

    /// <summary>Libraries whose every type talks to a real service: Chromium through Playwright, PostgreSQL.</summary>
    private static readonly string[] MachineryAssemblies = ["Microsoft.Playwright", "Npgsql"];

    [Fact]
    public void EveryTestClassThatStartsARealProcessOrService_IsMarkedIntegrationTest()
    {
        var inspector = new Inspector();
        var unmarked = TestClasses()
            .Where(type => type != typeof(IntegrationTestGuardTests) && !type.IsDefined(typeof(IntegrationTestAttribute), inherit: false))
            .Select(type => (Type: type, Reason: inspector.WhyIntegration(type)))
            .Where(found => found.Reason is not null)
            .Select(found => $"  {found.Type.FullName}: {found.Reason}")
            .ToList();

        Assert.True(unmarked.Count == 0,
            $"{unmarked.Count} test class(es) start a real process or service but are not marked [IntegrationTest], so "
            + "scripts/test-fast.sh would run them. Add [IntegrationTest] to each class (docs/testing.md, \"Fast tests\"):\n"
            + string.Join('\n', unmarked));
    }

    [Fact]
    public void TheGuardSeesEachWayOfUsingTheMachinery_AndLeavesInProcessTestsAlone()
    {
        var inspector = new Inspector();

        Assert.Contains("SiloFixture", inspector.WhyIntegration(typeof(Users.SignInTests)), StringComparison.Ordinal);
        Assert.Contains("PostgresFixture", inspector.WhyIntegration(typeof(Hosting.DurableStoreTests)), StringComparison.Ordinal);
        Assert.Contains("SiloProcess", inspector.WhyIntegration(typeof(SingleNode.RestartTests)), StringComparison.Ordinal);
        Assert.Contains("SiloProcess", inspector.WhyIntegration(typeof(Ssh.SshGatewayTests)), StringComparison.Ordinal);
        Assert.Contains("NatsServerSupervisor", inspector.WhyIntegration(typeof(Events.NatsServerSupervisorTests)), StringComparison.Ordinal);
        Assert.Contains("PodmanFixture", inspector.WhyIntegration(typeof(Compute.PodmanServiceSupervisorTests)), StringComparison.Ordinal);
        Assert.Null(inspector.WhyIntegration(typeof(Users.UserGrainTests)));
        Assert.Null(inspector.WhyIntegration(typeof(Dfs.DataPlane.FanOutWriteTests)));
        Assert.Null(inspector.WhyIntegration(typeof(Cli.CliAgainstFakeServerTests)));
        Assert.Equal(
            new[] { new KeyValuePair<string, string>("Category", "Integration") },
            new IntegrationTestDiscoverer().GetTraits(null!));
    }

    private static IEnumerable<Type> TestClasses() =>
        typeof(IntegrationTestGuardTests).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                && type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(method => method.IsDefined(typeof(FactAttribute), inherit: true)))
            .OrderBy(type => type.FullName, StringComparer.Ordinal);

    /// <summary>Finds why a type needs <see cref="IntegrationTestAttribute"/>, remembering what it has looked at.</summary>
    private sealed class Inspector
    {
        private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        private static readonly Assembly Tests = typeof(IntegrationTestGuardTests).Assembly;
        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (OpCode)field.GetValue(null)!)
            .ToDictionary(code => code.Value);

        private readonly Dictionary<Type, string?> _types = [];
        private readonly Dictionary<MethodBase, string?> _methods = [];

        /// <summary>Why <paramref name="testClass"/> starts a real process or service, or null when it does not.</summary>
        public string? WhyIntegration(Type testClass)
        {
            foreach (var fixture in ClassFixtures(testClass))
            {
                if (MachineryIn(fixture) is { } found)
                    return $"IClassFixture<{fixture.Name}>{Via(fixture, found)}";
            }

            foreach (var (collection, fixture) in CollectionFixtures(testClass))
            {
                if (MachineryIn(fixture) is { } found)
                    return $"[Collection(\"{collection}\")] shares {fixture.Name}{Via(fixture, found)}";
            }

            for (var type = testClass; type is not null && type.Assembly == Tests; type = type.BaseType)
            {
                foreach (var constructor in type.GetConstructors(Declared))
                {
                    foreach (var parameter in constructor.GetParameters())
                    {
                        if (MachineryIn(parameter.ParameterType) is { } found)
                            return $"its constructor takes {parameter.ParameterType.Name}{Via(parameter.ParameterType, found)}";
                    }
                }

                foreach (var field in type.GetFields(Declared))
                {
                    if (MachineryIn(field.FieldType) is { } found)
                        return $"{type.Name}.{Readable(field.Name)} is a {field.FieldType.Name}{Via(field.FieldType, found)}";
                }

                foreach (var property in type.GetProperties(Declared))
                {
                    if (MachineryIn(property.PropertyType) is { } found)
                        return $"{type.Name}.{property.Name} is a {property.PropertyType.Name}{Via(property.PropertyType, found)}";
                }
            }

            for (var type = testClass; type is not null && type.Assembly == Tests; type = type.BaseType)
            {
                if (CodeOf(type) is { } called)
                    return called;
            }

            return null;
        }

        /// <summary>" (SiloProcess)" after a fixture that holds one; nothing when the type is the machinery itself.</summary>
        private static string Via(Type type, string found) => found == type.Name ? "" : $" ({found})";

        /// <summary>A field's name as written in C#: <c>&lt;Silo&gt;k__BackingField</c> is Silo, a primary constructor's <c>&lt;fixture&gt;P</c> is fixture.</summary>
        private static string Readable(string field) =>
            field.StartsWith('<') && field.IndexOf('>', StringComparison.Ordinal) is > 1 and var end ? field[1..end] : field;

        private static IEnumerable<Type> ClassFixtures(Type testClass) =>
            testClass.GetInterfaces()
                .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IClassFixture<>))
                .Select(type => type.GetGenericArguments()[0]);

        private static IEnumerable<(string Collection, Type Fixture)> CollectionFixtures(Type testClass)
        {
            var names = testClass.GetCustomAttributesData()
                .Where(data => data.AttributeType == typeof(CollectionAttribute))
                .Select(data => data.ConstructorArguments[0].Value as string)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            if (names.Count == 0)
                yield break;

            foreach (var definition in Tests.GetTypes())
            {
                var name = definition.GetCustomAttributesData()
                    .Where(data => data.AttributeType == typeof(CollectionDefinitionAttribute))
                    .Select(data => data.ConstructorArguments[0].Value as string)
                    .FirstOrDefault();
                if (name is null || !names.Contains(name))
                    continue;

                foreach (var fixture in definition.GetInterfaces()
                    .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ICollectionFixture<>)))
                {
                    yield return (name, fixture.GetGenericArguments()[0]);
                }
            }
        }

        /// <summary>
        /// The machinery type <paramref name="type"/> is, holds (generic arguments, array elements) or keeps in a field
        /// or as its base, as a short path such as "SiloProcess" or "Silo of SiloProcess"; null when none.
        /// </summary>
        private string? MachineryIn(Type type)
        {
            while (type.HasElementType)
                type = type.GetElementType()!;

            if (_types.TryGetValue(type, out var known))
                return known;

            _types[type] = null; // a type that holds itself (directly or not) does not make itself machinery
            var found = Find(type);
            _types[type] = found;
            return found;

            string? Find(Type type)
            {
                if (type.IsGenericParameter)
                    return null;
                if (Machinery.Contains(type) || MachineryAssemblies.Contains(type.Assembly.GetName().Name, StringComparer.Ordinal))
                    return type.Name;
                if (type.IsGenericType && !type.IsGenericTypeDefinition)
                {
                    foreach (var argument in type.GetGenericArguments())
                    {
                        if (MachineryIn(argument) is { } inArgument)
                            return inArgument;
                    }
                }

                // Closures and state machines are followed through their code (Calls), not their fields.
                if (type.Assembly != Tests || type.IsEnum || IsGenerated(type))
                    return null;
                if (type.BaseType is { } baseType && MachineryIn(baseType) is { } inBase)
                    return inBase == baseType.Name ? inBase : $"{baseType.Name}: {inBase}";

                foreach (var field in type.GetFields(Declared & ~BindingFlags.Static))
                {
                    if (MachineryIn(field.FieldType) is { } inField)
                        return inField == field.FieldType.Name ? inField : $"{field.FieldType.Name}: {inField}";
                }

                return null;
            }
        }

        /// <summary>The first call into the machinery in the code of <paramref name="type"/> and its nested types (lambdas, state machines).</summary>
        private string? CodeOf(Type type)
        {
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                if (Calls(method) is { } found)
                    return found;
            }

            foreach (var nested in type.GetNestedTypes(Declared))
            {
                if (CodeOf(nested) is { } found)
                    return found;
            }

            return null;
        }

        /// <summary>
        /// Whether <paramref name="method"/> is machinery (its type, parameters or result) or, when it is this
        /// assembly's, reaches machinery in its IL: "calls X.Y", "calls Helper.Z → X.Y".
        /// </summary>
        private string? Calls(MethodBase method)
        {
            if (_methods.TryGetValue(method, out var known))
                return known;

            _methods[method] = null; // recursion ends here
            var found = Find();
            _methods[method] = found;
            return found;

            string? Find()
            {
                var name = $"{method.DeclaringType?.Name}.{method.Name}";
                if (method.DeclaringType is { } declaring && !IsGenerated(declaring) && MachineryIn(declaring) is { } holds)
                    return holds == declaring.Name ? $"calls {name}" : $"calls {name} ({declaring.Name} holds {holds})";
                if (method is MethodInfo { IsGenericMethod: true } generic
                    && generic.GetGenericArguments().Select(MachineryIn).FirstOrDefault(found => found is not null) is { } argument)
                    return $"calls {name}<{argument}>";
                if (method is MethodInfo info && MachineryIn(info.ReturnType) is { } result)
                    return $"calls {name}, which gives a {result}";
                if (method.GetParameters().Select(parameter => MachineryIn(parameter.ParameterType)).FirstOrDefault(found => found is not null) is { } parameter)
                    return $"calls {name} with a {parameter}";

                if (method.Module.Assembly != Tests)
                    return null;
                if (method.GetCustomAttribute<StateMachineAttribute>()?.StateMachineType is { } stateMachine && CodeOf(stateMachine) is { } inBody)
                    return inBody;

                foreach (var member in MembersUsedBy(method))
                {
                    if (Reaches(member) is { } reached)
                        return reached;
                }

                return null;
            }
        }

        /// <summary>How a method, field or type named in IL reaches the machinery, or null.</summary>
        private string? Reaches(MemberInfo member)
        {
            switch (member)
            {
                case MethodBase called when Calls(called) is { } found:
                    // A helper of ours that reaches the machinery: name the path, "calls Helper.M → SiloProcess.StartAsync".
                    return called.Module.Assembly == Tests && called.DeclaringType is { } helper && !IsGenerated(helper)
                        && found.StartsWith("calls ", StringComparison.Ordinal) && !found.StartsWith($"calls {helper.Name}.{called.Name}", StringComparison.Ordinal)
                        ? $"calls {helper.Name}.{called.Name} → {found["calls ".Length..]}"
                        : found;
                case FieldInfo field when MachineryIn(field.FieldType) is { } found:
                    return $"uses {field.DeclaringType?.Name}.{Readable(field.Name)}, a {found}";
                case FieldInfo { DeclaringType: { } owner } field when !IsGenerated(owner) && MachineryIn(owner) is { } found:
                    return $"uses {owner.Name}.{Readable(field.Name)} ({owner.Name} holds {found})";
                case Type type when MachineryIn(type) is { } found:
                    return $"uses {found}";
                default:
                    return null;
            }
        }

        /// <summary>A state machine, lambda closure or the like: its code counts as the code of the method it came from.</summary>
        private static bool IsGenerated(Type type) =>
            type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || type.Name.StartsWith('<');

        /// <summary>The methods, fields and types the IL of <paramref name="method"/> names.</summary>
        private static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null)
                yield break;

            var typeArguments = method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null;
            var methodArguments = method is MethodInfo { IsGenericMethod: true } genericMethod ? genericMethod.GetGenericArguments() : null;
            var at = 0;
            while (at < il.Length)
            {
                short value = il[at] == 0xFE && at + 1 < il.Length ? (short)(0xFE00 | il[at + 1]) : il[at];
                if (!OpCodesByValue.TryGetValue(value, out var code))
                    yield break; // not IL we understand: stop rather than misread
                at += code.Size;

                switch (code.OperandType)
                {
                    case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                        var token = BitConverter.ToInt32(il, at);
                        MemberInfo? member;
                        try
                        {
                            member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                        }
                        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException)
                        {
                            member = null;
                        }

                        if (member is not null)
                            yield return member;
                        at += 4;
                        break;
                    case OperandType.InlineSwitch:
                        at += 4 + (4 * BitConverter.ToInt32(il, at));
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        at += 8;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                        at += 4;
                        break;
                    case OperandType.InlineVar:
                        at += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        at += 1;
                        break;
                    default:
                        break;
                }
            }
        }
    }
}
