<?xml version="1.0" encoding="UTF-8"?>
<!-- A disk moves to bus='scsi' on a virtio-scsi controller (declared when
     missing), with a drive address on it and target dev $dev.
     Included by the rules that share it (xsl:include href="lib/scsi-disk.xsl",
     docs/fixes.md); no identity template of its own. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:gdn="urn:x-guardian:fixer" exclude-result-prefixes="gdn">
  <xsl:param name="bus" select="'scsi'"/>
  <xsl:param name="dev"/>
  <!-- "no" when controller $controller exists (an earlier fix may add it too). -->
  <xsl:param name="add_controller" select="'yes'"/>
  <xsl:param name="controller" select="'0'"/>
  <xsl:param name="queues" select="'1'"/>

  <!-- The finding's disk: rebuilt child by child (mode "move"); its virtio
       model (virtio-transitional, ...) goes. -->
  <xsl:template match="devices/disk">
    <xsl:variable name="mine" select="gdn:target(.)"/>
    <xsl:copy>
      <xsl:apply-templates select="@*[not($mine and name() = 'model')]"/>
      <xsl:choose>
        <xsl:when test="$mine">
          <xsl:apply-templates select="node()" mode="move"/>
          <xsl:if test="not(address)">
            <xsl:call-template name="new-address"/>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="node()"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@*|node()" mode="move">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <!-- <target dev='sdX' bus='scsi'>, its other attributes kept but
       removable (libvirt: "removable is only valid for usb disks"). -->
  <xsl:template match="target" mode="move">
    <xsl:copy>
      <xsl:apply-templates select="@*[name() != 'removable']"/>
      <xsl:attribute name="dev"><xsl:value-of select="$dev"/></xsl:attribute>
      <xsl:attribute name="bus"><xsl:value-of select="$bus"/></xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The old bus's address becomes a drive address on the virtio-scsi
       controller: an IDE/SATA drive address is edited in place (only the
       fixer's tracking attribute is kept), a PCI or USB one replaced. -->
  <xsl:template match="address[@type='drive']" mode="move">
    <xsl:copy>
      <xsl:apply-templates select="@*[namespace-uri() = 'urn:x-guardian:fixer']"/>
      <xsl:call-template name="address-attributes">
        <xsl:with-param name="disk" select=".."/>
      </xsl:call-template>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="address" mode="move">
    <address>
      <xsl:call-template name="address-attributes">
        <xsl:with-param name="disk" select=".."/>
      </xsl:call-template>
    </address>
  </xsl:template>

  <xsl:template name="new-address">
    <address>
      <xsl:call-template name="address-attributes">
        <xsl:with-param name="disk" select="."/>
      </xsl:call-template>
    </address>
  </xsl:template>

  <!-- Unit: the first one no other SCSI disk or SCSI hostdev of the
       controller uses, by its <address> or, without one, by the address
       libvirt derives from its name (sdX index i: controller i/7, unit i%7). -->
  <xsl:template name="address-attributes">
    <xsl:param name="disk"/>
    <xsl:variable name="used">
      <xsl:text> </xsl:text>
      <xsl:for-each select="$disk/../hostdev/address[@type='drive'][number(concat('0', @controller)) = number($controller)]">
        <xsl:value-of select="number(concat('0', @unit))"/>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:for-each select="$disk/../disk[generate-id(.) != generate-id($disk)]">
        <xsl:if test="target/@bus = 'scsi' or (not(target/@bus) and starts-with(target/@dev, 'sd'))">
          <xsl:choose>
            <xsl:when test="address[@type='drive']">
              <xsl:if test="number(concat('0', address/@controller)) = number($controller)">
                <xsl:value-of select="number(concat('0', address/@unit))"/>
                <xsl:text> </xsl:text>
              </xsl:if>
            </xsl:when>
            <xsl:when test="not(address) and starts-with(target/@dev, 'sd')">
              <xsl:variable name="i">
                <xsl:call-template name="name-index">
                  <xsl:with-param name="s" select="substring(target/@dev, 3)"/>
                </xsl:call-template>
              </xsl:variable>
              <xsl:if test="$i &gt;= 0 and floor($i div 7) = number($controller)">
                <xsl:value-of select="$i mod 7"/>
                <xsl:text> </xsl:text>
              </xsl:if>
            </xsl:when>
          </xsl:choose>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:attribute name="type">drive</xsl:attribute>
    <xsl:attribute name="controller"><xsl:value-of select="$controller"/></xsl:attribute>
    <xsl:attribute name="bus">0</xsl:attribute>
    <xsl:attribute name="target">0</xsl:attribute>
    <xsl:attribute name="unit">
      <xsl:call-template name="free-unit">
        <xsl:with-param name="used" select="$used"/>
      </xsl:call-template>
    </xsl:attribute>
  </xsl:template>

  <xsl:template name="free-unit">
    <xsl:param name="used"/>
    <xsl:param name="u" select="0"/>
    <xsl:choose>
      <xsl:when test="contains($used, concat(' ', $u, ' '))">
        <xsl:call-template name="free-unit">
          <xsl:with-param name="used" select="$used"/>
          <xsl:with-param name="u" select="$u + 1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$u"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- libvirt's virDiskNameToIndex: a..z 0..25, aa 26, ...; -1 if none. -->
  <xsl:template name="name-index">
    <xsl:param name="s"/>
    <xsl:param name="acc" select="-1"/>
    <xsl:variable name="c" select="substring($s, 1, 1)"/>
    <xsl:choose>
      <xsl:when test="$c = '' or not(contains('abcdefghijklmnopqrstuvwxyz', $c))">
        <xsl:value-of select="$acc"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="name-index">
          <xsl:with-param name="s" select="substring($s, 2)"/>
          <xsl:with-param name="acc" select="($acc + 1) * 26 + string-length(substring-before('abcdefghijklmnopqrstuvwxyz', $c))"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- virtio-blk only settings of the disk <driver> go: queues (the
       controller's business), queue_size, ioeventfd, event_idx, the virtio
       options (iommu, ats, packed, page_per_vq), iothread (moved to the
       controller below) and the <iothreads> mapping. -->
  <xsl:template match="driver" mode="move">
    <xsl:if test="* or @*[not(contains(' queues queue_size ioeventfd event_idx iothread iommu ats packed page_per_vq ', concat(' ', name(), ' '))) and namespace-uri() != 'urn:x-guardian:fixer']">
      <xsl:copy>
        <xsl:apply-templates select="@*[not(contains(' queues queue_size ioeventfd event_idx iothread iommu ats packed page_per_vq ', concat(' ', name(), ' ')))]"/>
        <xsl:apply-templates select="node()[not(self::iothreads)]"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>

  <!-- The virtio-scsi controller exists without an I/O thread: it takes the
       disk's. -->
  <xsl:template match="devices/controller[@type='scsi']/driver[not(@iothread)]">
    <xsl:variable name="io" select="../../disk[gdn:target(.)][1]/driver/@iothread"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$io and number(concat('0', ../@index)) = number($controller)">
        <xsl:attribute name="iothread"><xsl:value-of select="$io"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="devices/controller[@type='scsi'][not(driver)]">
    <xsl:variable name="io" select="../disk[gdn:target(.)][1]/driver/@iothread"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$io and number(concat('0', @index)) = number($controller)">
        <driver iothread="{$io}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- No SCSI controller $controller yet: declare it as virtio-scsi (with
       the seed's queues and the disk's I/O thread), after the last
       controller (else the last disk), where libvirt writes controllers. -->
  <xsl:template match="domain/devices">
    <xsl:variable name="missing" select="$add_controller = 'yes' and not(controller[@type='scsi'][number(concat('0', @index)) = number($controller)])"/>
    <xsl:variable name="anchor" select="controller[last()] | disk[last()][not(../controller)] | emulator[not(../controller | ../disk)]"/>
    <xsl:variable name="io" select="disk[gdn:target(.)][1]/driver/@iothread"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$missing and not($anchor)">
        <xsl:call-template name="new-controller">
          <xsl:with-param name="io" select="$io"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$missing and generate-id(.) = generate-id($anchor)">
          <xsl:call-template name="new-controller">
            <xsl:with-param name="io" select="$io"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-controller">
    <xsl:param name="io"/>
    <controller type="scsi" index="{$controller}" model="virtio-scsi">
      <xsl:if test="number($queues) &gt; 1 or $io">
        <driver>
          <xsl:if test="number($queues) &gt; 1">
            <xsl:attribute name="queues"><xsl:value-of select="$queues"/></xsl:attribute>
          </xsl:if>
          <xsl:if test="$io">
            <xsl:attribute name="iothread"><xsl:value-of select="$io"/></xsl:attribute>
          </xsl:if>
        </driver>
      </xsl:if>
    </controller>
  </xsl:template>
</xsl:stylesheet>
