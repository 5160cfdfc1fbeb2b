namespace Kfk.Functions.Media;

public static class MediaServiceCollectionExtensions
{
    public static IServiceCollection AddMediaUploads(this IServiceCollection services) => services.AddSingleton<MediaUploads>();
}
