namespace EddCloud.Grains.Users;
public sealed class Placeholder;
