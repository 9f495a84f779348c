namespace EddCloud.Tests; public sealed class Smoke { [Fact] public void Works() => Assert.True(true); }
