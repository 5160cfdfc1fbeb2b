using Kfk.Imaging;

namespace Kfk.Functions.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>Uploads: the image processor (Kfk.Imaging) and the use case over it and the media store.</summary>
    public static IServiceCollection AddMediaUploads(this IServiceCollection services) => services.AddKfkImaging().AddSingleton<MediaUploads>();
}
